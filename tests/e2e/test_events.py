"""A product created over HTTP reaches the EventBridge bus: outbox -> stream -> publisher -> bus -> rule."""

import json
import time
import uuid
from typing import Any

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import seller

WAIT_S = 30


def catalog_queue(cloud: LocalCloud, correlation_id: str) -> str:
    """A consumer's queue: a rule on the bus for ProductCreated events carrying this correlation id."""
    events, sqs = cloud.client("events"), cloud.client("sqs")
    bus, name = cloud.outputs["EventBusName"], f"e2e-{uuid.uuid4().hex[:8]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    pattern = {
        "source": ["estore.catalog"],
        "detail-type": ["ProductCreated"],
        "detail": {"metadata": {"correlationId": [correlation_id]}},
    }
    events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(pattern))
    events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    return str(url)


def first_event(cloud: LocalCloud, url: str) -> dict[str, Any]:
    sqs, deadline = cloud.client("sqs"), time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        if messages:
            event: dict[str, Any] = json.loads(messages[0]["Body"])
            return event
    raise AssertionError(f"no ProductCreated on the bus within {WAIT_S}s; see {cloud.log_path}")


def seller_token(cloud: LocalCloud) -> str:
    """A new store's access token, carrying the sellers group."""
    return seller(cloud, f"Events {uuid.uuid4().hex[:6]}").token


def test_given_a_seller_when_a_product_is_created_then_product_created_reaches_the_bus(cloud: LocalCloud) -> None:
    # Given a consumer listening on the bus for this request's correlation id, and a seller
    correlation_id = f"e2e-{uuid.uuid4()}"
    url = catalog_queue(cloud, correlation_id)
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
