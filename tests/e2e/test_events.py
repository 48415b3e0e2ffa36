"""A product created over HTTP reaches the EventBridge bus: outbox -> stream -> publisher -> bus -> rule."""

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import seller

WAIT_S = 30


@contextmanager
def catalog_queue(cloud: LocalCloud, correlation_id: str) -> Iterator[str]:
    """A consumer's queue: a rule on the bus for ProductCreated events carrying this correlation id.
    Both are the test's own and are deleted after it (the suite may run against a deployed stack)."""
    events, sqs = cloud.client("events"), cloud.client("sqs")
    bus, name = cloud.output("EventBusName"), f"e2e-{uuid.uuid4().hex[:8]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    pattern = {
        "source": ["estore.catalog"],
        "detail-type": ["ProductCreated"],
        "detail": {"metadata": {"correlationId": [correlation_id]}},
    }
    rule_arn = events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(pattern))["RuleArn"]
    # On AWS the queue must let this rule send to it.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
            }
        ],
    }
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    try:
        yield str(url)
    finally:
        events.remove_targets(Rule=name, EventBusName=bus, Ids=["queue"])
        events.delete_rule(Name=name, EventBusName=bus)
        sqs.delete_queue(QueueUrl=url)


def first_event(cloud: LocalCloud, url: str) -> dict[str, Any]:
    sqs, deadline = cloud.client("sqs"), time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        if messages:
            event: dict[str, Any] = json.loads(messages[0]["Body"])
            return event
    raise AssertionError(f"no ProductCreated on the bus within {WAIT_S}s; see the local cloud's log ({cloud.log_path})")


def seller_token(cloud: LocalCloud) -> str:
    """A new store's access token, carrying the sellers group."""
    return seller(cloud, f"Events {uuid.uuid4().hex[:6]}").token


def test_given_a_seller_when_a_product_is_created_then_product_created_reaches_the_bus(cloud: LocalCloud) -> None:
    # Given a consumer listening on the bus for this request's correlation id, and a seller
    correlation_id = f"e2e-{uuid.uuid4()}"
    with catalog_queue(cloud, correlation_id) as url:
        token = seller_token(cloud)
        # When the seller lists a product, sending a correlation id
        with cloud.http() as http:
            created = http.post(
                "/products",
                json={
                    "title": "Millennium Falcon",
                    "description": "The fastest hunk of junk in the galaxy.",
                    "brand": "LEGO",
                    "category": "toys",
                    "tags": ["star wars"],
                    "offer": {"price": {"amount": 4999, "currency": "USD"}, "stock": 5},
                },
                headers={"authorization": f"Bearer {token}", "x-correlation-id": correlation_id},
            )
        assert created.status_code == 201, created.text
        # Then ProductCreated arrives on the bus, in the envelope, with that correlation id
        event = first_event(cloud, url)
        assert event["source"] == "estore.catalog"
        assert event["detail-type"] == "ProductCreated"
        assert event["detail"]["metadata"]["correlationId"] == correlation_id
        assert event["detail"]["data"]["productId"] == created.json()["id"]
        assert event["detail"]["data"]["tags"] == ["star-wars"]
