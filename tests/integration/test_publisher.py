"""The stream publisher on REAL stream records (moto's DynamoDB stream) after a real product creation."""

import datetime
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from jsonschema import Draft202012Validator

from estore import bus
from estore_local.emulator.event_filters import patterns_of, wanted
from estore_local.emulator.inprocess import invoke
from estore_local.emulator.template import load_template
from tests.integration.conftest import Cloud, make_seller
from tests.unit.test_publisher_events_doc import documented_schemas, envelope_schema

PUBLISHER = "StreamPublisherFunction"
NEW_PRODUCT = {
    "title": "Millennium Falcon",
    "description": "The fastest hunk of junk in the galaxy.",
    "brand": "LEGO",
    "category": "toys",
    "tags": ["LEGO", "Star Wars"],
    "offer": {"price": {"amount": 4999, "currency": "USD"}, "stock": 5},
}


@pytest.fixture(autouse=True)
def _fresh_bus_client() -> Iterator[None]:
    bus._client.cache_clear()  # a client cached by another test's moto must not leak in
    yield
    bus._client.cache_clear()


def stream_records(cloud: Cloud) -> list[dict[str, Any]]:
    """Every record of the table's stream so far, in the JSON shape Lambda's event carries."""
    stream_arn = cloud.stack.attr("Table", "StreamArn")
    # botocore routes stream calls to an account-specific endpoint moto does not serve; use the plain one.
    streams = boto3.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        records += [{**_as_lambda_json(record), "eventSourceARN": stream_arn} for record in page["Records"]]
    return records


def _as_lambda_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _as_lambda_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_lambda_json(item) for item in value]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    return value


def filtered(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Lambda would hand the publisher: the records its event source's FilterCriteria let through."""
    [source] = load_template().functions()[PUBLISHER].events.values()
    patterns = patterns_of(source["Properties"])
    return [record for record in records if wanted(patterns, record)]


def caused_by(records: list[dict[str, Any]], correlation_id: str) -> list[dict[str, Any]]:
    """The outbox records one request wrote (other requests, e.g. opening the store, write their own)."""
    return [r for r in records if r["dynamodb"].get("NewImage", {}).get("correlationId", {}).get("S") == correlation_id]


def run_publisher(cloud: Cloud, records: list[dict[str, Any]]) -> dict[str, Any]:
    cloud.enter(PUBLISHER)
    result: dict[str, Any] = invoke(cloud.stack, PUBLISHER, {"Records": records})
    return result


def bus_queue(cloud: Cloud) -> str:
    """An SQS queue receiving every Estore catalog event from the bus, through a rule, as a consumer would."""
    events, sqs = cloud.stack_client("events"), cloud.stack_client("sqs")
    bus_name = cloud.stack.ref("EventBus")
    url = sqs.create_queue(QueueName=f"catalog-events-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="catalog", EventBusName=bus_name, EventPattern=json.dumps({"source": ["estore.catalog"]}))
    events.put_targets(Rule="catalog", EventBusName=bus_name, Targets=[{"Id": "queue", "Arn": queue_arn}])
    return str(url)


def received(cloud: Cloud, url: str) -> list[dict[str, Any]]:
    sqs = cloud.stack_client("sqs")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    return [json.loads(message["Body"]) for message in messages]


def create_product(cloud: Cloud, correlation_id: str) -> dict[str, Any]:
    seller = make_seller(cloud, "Brick House")
    answer = cloud.call(
        "POST", "/products", user=seller, json_body=NEW_PRODUCT, headers={"x-correlation-id": correlation_id}
    )
    assert answer.status == 201, answer.body
    product: dict[str, Any] = answer.body
    return product


def test_a_created_product_reaches_the_bus_as_product_created_and_offer_changed(cloud: Cloud) -> None:
    # Given a consumer's queue on the bus, and a product created through the API with a correlation id
    url = bus_queue(cloud)
    product = create_product(cloud, "corr-e2e-1")
    # When the publisher gets the stream records its filter lets through
    records = filtered(stream_records(cloud))
    result = run_publisher(cloud, records)
    # Then nothing failed, and both events arrived in the envelope, carrying the request's correlation id
    assert result == {"batchItemFailures": []}
    events = {event["detail-type"]: event for event in received(cloud, url)}
    assert set(events) == {"ProductCreated", "OfferChanged"}
    created, offer = events["ProductCreated"], events["OfferChanged"]
    assert created["source"] == "estore.catalog"
    assert created["detail"]["data"] == {
        "productId": product["id"],
        "sellerId": product["sellerId"],
        "title": "Millennium Falcon",
        "brand": "LEGO",
        "category": "toys",
        "tags": ["lego", "star-wars"],
    }
    assert offer["detail"]["data"] == {
        "change": "created",
        "offerId": product["bestOffer"]["id"],
        "productId": product["id"],
        "sellerId": product["sellerId"],
        "condition": "new",
        "price": {"amount": 4999, "currency": "USD"},
        "stock": 5,
    }
    for event in (created, offer):
        metadata = event["detail"]["metadata"]
        assert metadata["correlationId"] == "corr-e2e-1"
        assert set(metadata) == {"eventId", "correlationId", "occurredAt"}
    assert created["detail"]["metadata"]["eventId"] != offer["detail"]["metadata"]["eventId"]
    # And both are what docs/events.md promises
    for event in (created, offer):
        Draft202012Validator(envelope_schema()).validate(event["detail"])
        Draft202012Validator(documented_schemas()[event["detail-type"]]).validate(event["detail"]["data"])


def test_the_filter_lets_through_only_outbox_inserts(cloud: Cloud) -> None:
    create_product(cloud, "corr-filter")
    records = stream_records(cloud)
    kept = filtered(records)
    assert len(records) > len(kept)
    assert all(r["eventName"] == "INSERT" and r["dynamodb"]["NewImage"]["type"]["S"] == "OUTBOX" for r in kept)
    outbox = [r for r in records if r["dynamodb"].get("NewImage", {}).get("type", {}).get("S") == "OUTBOX"]
    assert kept == [r for r in outbox if r["eventName"] == "INSERT"]
    product_events = {r["dynamodb"]["NewImage"]["detailType"]["S"] for r in caused_by(kept, "corr-filter")}
    assert product_events == {"ProductCreated", "OfferChanged"}


def test_without_the_filter_the_publisher_still_publishes_only_outbox_events(cloud: Cloud) -> None:
    # Given every record of the stream (profiles, claims, tags, product, offer and the two outbox items)
    url = bus_queue(cloud)
    create_product(cloud, "corr-unfiltered")
    # When the publisher gets them all
    result = run_publisher(cloud, stream_records(cloud))
    # Then it publishes the two events and fails nothing
    assert result == {"batchItemFailures": []}
    assert sorted(event["detail-type"] for event in received(cloud, url)) == ["OfferChanged", "ProductCreated"]


def test_an_entry_the_bus_refuses_fails_exactly_its_record(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the two outbox records of a product creation
    create_product(cloud, "corr-refused")
    records = caused_by(filtered(stream_records(cloud)), "corr-refused")
    types = [record["dynamodb"]["NewImage"]["detailType"]["S"] for record in records]
    offer_sequence = records[types.index("OfferChanged")]["dynamodb"]["SequenceNumber"]
    # And a bus that takes ProductCreated but answers OfferChanged's entry with an error
    client = boto3.client("events")
    stubber = Stubber(client)
    stubber.add_response(
        "put_events",
        {
            "FailedEntryCount": 1,
            "Entries": [
                {"EventId": "accepted"}
                if kind == "ProductCreated"
                else {"ErrorCode": "InternalFailure", "ErrorMessage": "try again"}
                for kind in types
            ],
        },
    )
    monkeypatch.setattr(bus, "_client", lambda: client)
    # When the publisher runs
    with stubber:
        result = run_publisher(cloud, records)
    # Then exactly that record is reported, for the stream to deliver again
    assert result == {"batchItemFailures": [{"itemIdentifier": offer_sequence}]}
    stubber.assert_no_pending_responses()


def test_a_failed_put_events_call_fails_every_record_it_carried(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a product's two outbox records plus one record that is not an outbox item
    create_product(cloud, "corr-throttled")
    records = stream_records(cloud)
    outbox = caused_by(filtered(records), "corr-throttled")
    other = next(record for record in records if record not in outbox)
    client = boto3.client("events")
    stubber = Stubber(client)
    stubber.add_client_error("put_events", service_error_code="ThrottlingException", http_status_code=400)
    monkeypatch.setattr(bus, "_client", lambda: client)
    # When the one PutEvents call fails outright
    with stubber:
        result = run_publisher(cloud, [other, *outbox])
    # Then both outbox records are reported failed, and the other record is not
    failed = {failure["itemIdentifier"] for failure in result["batchItemFailures"]}
    assert failed == {record["dynamodb"]["SequenceNumber"] for record in outbox}
