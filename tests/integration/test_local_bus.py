"""The local clouds' one EventBridge delivery (estore_local.emulator.bus_rules): the template's rules decide
which functions receive an event, on which bus, in the shape a rule target receives; the in-process harness
(`Cloud.put_events`) and the moto server's PutEvents both go through it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from estore.services.publisher import bus_entry
from estore_local.emulator.bus_rules import accepted_events, delivered_event
from estore_local.emulator.harness import Cloud


def product_deleted() -> dict[str, Any]:
    """An outbox item as a use case writes it."""
    return {
        "pk": f"OUTBOX#{uuid.uuid4().hex}",
        "source": "estore.catalog",
        "detailType": "ProductDeleted",
        "detail": {"productId": uuid.uuid4().hex},
        "correlationId": "c-1",
        "occurredAt": "2026-11-25T10:00:00.123Z",
    }


def test_an_event_reaches_every_function_whose_rule_matches_on_its_bus(cloud: Cloud) -> None:
    # Given the publisher's entry for a ProductDeleted on the stack's bus
    entry = bus_entry(product_deleted(), cloud.stack.ref("EventBus"))
    # When it is put
    outcomes = cloud.put_events([entry])
    # Then the indexer and the recommendations recorder (both have a rule for it) each ran once
    assert sorted(function_id for function_id, _ in outcomes) == [
        "RecommendationsRecorderFunction",
        "SearchIndexerFunction",
    ]


def test_an_event_on_another_bus_or_of_another_type_reaches_nobody(cloud: Cloud) -> None:
    # Given the same event on the default bus, and an event type no rule names
    on_default_bus = bus_entry(product_deleted(), "default")
    unknown_type = {**bus_entry(product_deleted(), cloud.stack.ref("EventBus")), "DetailType": "ProductViewed"}
    # When they are put
    outcomes = cloud.put_events([on_default_bus, unknown_type])
    # Then no function ran
    assert outcomes == []


def test_a_target_receives_the_event_in_eventbridges_shape() -> None:
    # Given a PutEvents entry as the publisher builds it
    item = product_deleted()
    entry = bus_entry(item, "arn:aws:events:us-east-1:123456789012:event-bus/estore")
    # When it is delivered
    bus_name, event = delivered_event(entry, "e-1")
    # Then the bus is named, and the event carries the entry's fields, its time to the second, the envelope as detail
    assert bus_name == "estore"
    assert (event["id"], event["source"], event["detail-type"]) == ("e-1", "estore.catalog", "ProductDeleted")
    assert event["time"] == "2026-11-25T10:00:00Z"
    assert event["detail"]["data"] == item["detail"]
    assert event["detail"]["metadata"]["eventId"] == item["pk"].removeprefix("OUTBOX#")


def test_only_the_entries_putevents_accepted_are_delivered() -> None:
    # Given two entries, the second refused by the bus, and a third with a Detail that is no JSON
    good = {"Source": "s", "DetailType": "T", "Detail": "{}", "Time": datetime(2026, 1, 1, tzinfo=UTC)}
    request = {"Entries": [good, good, {**good, "Detail": "not json"}]}
    answer = {"Entries": [{"EventId": "a"}, {"ErrorCode": "InternalFailure"}, {"EventId": "c"}]}
    # When the accepted events are read
    found = accepted_events(request, answer)
    # Then only the first is delivered, on the default bus
    assert [(bus, event["id"]) for bus, event in found] == [("default", "a")]
