"""Outbox items become bus entries: the envelope, the entry, and records that are not outbox inserts."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from estore import bus
from estore.services import publisher

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "publisher.json"


def sample_record() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(SAMPLE.read_text())["Records"][0]
    return raw


def record(raw: dict[str, Any]) -> DynamoDBRecord:
    return DynamoDBRecord(raw)


def offer_changed_record(sequence: str) -> dict[str, Any]:
    raw = copy.deepcopy(sample_record())
    image = raw["dynamodb"]["NewImage"]
    image["detailType"] = {"S": "OfferChanged"}
    image["detail"] = {
        "M": {
            "change": {"S": "created"},
            "offerId": {"S": "o1"},
            "productId": {"S": "p1"},
            "sellerId": {"S": "s1"},
            "condition": {"S": "new"},
            "price": {"M": {"amount": {"N": "4999"}, "currency": {"S": "USD"}}},
            "stock": {"N": "5"},
        }
    }
    raw["dynamodb"]["SequenceNumber"] = sequence
    return raw


def test_an_outbox_insert_becomes_an_entry_with_the_events_source_type_and_envelope() -> None:
    # Given the stream record of a ProductCreated outbox insert
    item = publisher.outbox_item(record(sample_record()))
    assert item is not None
    # When it is mapped to a PutEvents entry
    entry = publisher.bus_entry(item, "estore-dev")
    # Then source and type are the item's, and Detail is {"metadata", "data"}
    assert entry["EventBusName"] == "estore-dev"
    assert (entry["Source"], entry["DetailType"]) == ("estore.catalog", "ProductCreated")
    assert entry["Time"] == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    detail = json.loads(entry["Detail"])
    assert detail["metadata"] == {
        "eventId": "01KB0000000000000000000001",
        "correlationId": "7d3f9a2e-sample-correlation",
        "occurredAt": "2026-11-25T10:00:00Z",
    }
    assert detail["data"] == {
        "productId": "01KB0000000000000000000002",
        "sellerId": "5f0c2a7e-1b2c-4d3e-8f90-123456789abc",
        "title": "Millennium Falcon",
        "brand": "LEGO",
        "category": "toys",
        "tags": ["lego", "star-wars"],
    }


def test_numbers_in_the_detail_come_out_as_json_integers() -> None:
    item = publisher.outbox_item(record(offer_changed_record("2")))
    assert item is not None
    data = json.loads(publisher.bus_entry(item, "bus")["Detail"])["data"]
    assert data["price"] == {"amount": 4999, "currency": "USD"}
    assert data["stock"] == 5
    assert isinstance(data["stock"], int)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda raw: raw.update(eventName="MODIFY"), id="a modified outbox item"),
        pytest.param(lambda raw: raw.update(eventName="REMOVE"), id="a TTL removal"),
        pytest.param(lambda raw: raw["dynamodb"]["NewImage"].update(type={"S": "PRODUCT"}), id="another entity"),
        pytest.param(lambda raw: raw["dynamodb"]["NewImage"].pop("type"), id="an item without a type"),
        pytest.param(lambda raw: raw.pop("dynamodb"), id="a record without images"),
    ],
)
def test_records_that_are_not_outbox_inserts_are_skipped(change: Any) -> None:
    raw = copy.deepcopy(sample_record())
    change(raw)
    assert publisher.outbox_item(record(raw)) is None


def test_publish_puts_only_outbox_inserts_and_remembers_what_the_bus_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a batch: an outbox insert, a product change, and a second outbox insert the bus will refuse
    other = copy.deepcopy(sample_record())
    other["dynamodb"]["NewImage"]["type"] = {"S": "PRODUCT"}
    other["dynamodb"]["SequenceNumber"] = "1"
    batch = [record(sample_record()), record(other), record(offer_changed_record("2"))]
    sent: list[list[dict[str, Any]]] = []

    def put_events(entries: list[dict[str, Any]]) -> list[bus.Refusal | None]:
        sent.append(entries)
        return [None, bus.Refusal("ThrottlingException", "slow down")]

    monkeypatch.setattr(bus, "put_events", put_events)
    # When the batch is published
    publication = publisher.publish(batch, "bus")
    # Then only the two outbox events were sent, and only the refused one fails its record
    assert [entry["DetailType"] for entry in sent[0]] == ["ProductCreated", "OfferChanged"]
    assert (publication.published, publication.skipped, list(publication.refused)) == (1, 1, ["2"])
    publication.confirm(batch[0])
    publication.confirm(batch[1])
    with pytest.raises(publisher.EventNotPublished, match="ThrottlingException"):
        publication.confirm(batch[2])


def test_a_malformed_outbox_item_fails_only_its_own_record(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = offer_changed_record("9")
    del broken["dynamodb"]["NewImage"]["source"]
    monkeypatch.setattr(bus, "put_events", lambda entries: [None] * len(entries))
    publication = publisher.publish([record(sample_record()), record(broken)], "bus")
    assert publication.published == 1
    assert list(publication.refused) == ["9"]


def test_the_bus_takes_at_most_ten_entries_a_call_and_answers_per_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    class FakeEvents:
        def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
            calls.append(len(Entries))
            results = [{"ErrorCode": "InternalFailure"} if e["Detail"] == "bad" else {"EventId": "x"} for e in Entries]
            return {"FailedEntryCount": sum("ErrorCode" in r for r in results), "Entries": results}

    monkeypatch.setattr(bus, "_client", FakeEvents)
    entries = [{"Detail": "bad" if index in (3, 17) else "ok"} for index in range(23)]
    answers = bus.put_events(entries)
    assert calls == [10, 10, 3]
    assert [index for index, answer in enumerate(answers) if answer] == [3, 17]
    assert answers[3] == bus.Refusal("InternalFailure", "")
