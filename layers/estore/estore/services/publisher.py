"""Stream publisher: each outbox item a use case wrote with its change becomes one event on the bus.

The event's Detail is the envelope documented in docs/events.md:
  {"metadata": {"eventId", "correlationId", "occurredAt"}, "data": <the event's own detail>}
Delivery is at least once (a retried stream batch puts its events again): consumers dedupe on
metadata.eventId.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from estore import bus
from estore.config import get_settings
from estore.observability import logger, metrics

OUTBOX_TYPE = "OUTBOX"


class EventNotPublished(Exception):
    """The bus refused this record's event; the stream delivers the record again."""


def outbox_item(record: DynamoDBRecord) -> dict[str, Any] | None:
    """The outbox item a stream record inserted; None for every other change of the table."""
    if record.event_name is not DynamoDBRecordEventName.INSERT or record.dynamodb is None:
        return None
    item = record.dynamodb.new_image
    if item.get("type") != OUTBOX_TYPE:
        return None
    return {name: _plain(value) for name, value in item.items()}


def envelope(item: Mapping[str, Any]) -> dict[str, Any]:
    """The Detail every Estore event carries: who/when/why in `metadata`, the event's own fields in `data`."""
    event_id = str(item["pk"]).removeprefix("OUTBOX#")
    return {
        "metadata": {
            "eventId": event_id,
            "correlationId": item.get("correlationId") or "",
            "occurredAt": item["occurredAt"],
        },
        "data": dict(item.get("detail") or {}),
    }


def bus_entry(item: Mapping[str, Any], bus_name: str) -> dict[str, Any]:
    """The PutEvents entry for one outbox item."""
    return {
        "EventBusName": bus_name,
        "Source": item["source"],
        "DetailType": item["detailType"],
        "Detail": json.dumps(envelope(item), separators=(",", ":"), sort_keys=True),
        "Time": datetime.fromisoformat(str(item["occurredAt"]).replace("Z", "+00:00")),
    }


@dataclass
class Publication:
    """What the bus answered for a batch of stream records, by sequence number."""

    refused: dict[str, bus.Refusal] = field(default_factory=dict)
    published: int = 0
    skipped: int = 0

    def confirm(self, record: DynamoDBRecord) -> None:
        """Record handler for Powertools' BatchProcessor: raises for a record whose event was refused."""
        sequence = _sequence_number(record)
        refusal = self.refused.get(sequence)
        if refusal is not None:
            raise EventNotPublished(f"{sequence}: {refusal.code} {refusal.message}")


def publish(records: Iterable[DynamoDBRecord], bus_name: str | None = None) -> Publication:
    """Puts the events of the batch's outbox inserts on the bus (ten per call); skips other records."""
    name = bus_name or get_settings().require("event_bus_name")
    sequences: list[str] = []
    entries: list[dict[str, Any]] = []
    publication = Publication()
    for record in records:
        item = outbox_item(record)
        if item is None:
            publication.skipped += 1  # the event source's filter should have kept it away
            continue
        sequence = _sequence_number(record)
        try:
            entry = bus_entry(item, name)
        except (KeyError, TypeError, ValueError) as error:
            # A bug wrote it; failing only this record keeps the rest of the shard moving.
            publication.refused[sequence] = bus.Refusal("MalformedOutboxItem", repr(error))
            logger.error("malformed outbox item", extra={"sequence_number": sequence, "pk": item.get("pk")})
            continue
        sequences.append(sequence)
        entries.append(entry)
    for sequence, entry, refusal in zip(sequences, entries, bus.put_events(entries), strict=True):
        if refusal is None:
            publication.published += 1
            continue
        publication.refused[sequence] = refusal
        logger.warning(
            "event refused by the bus",
            extra={"sequence_number": sequence, "detail_type": entry["DetailType"], "error_code": refusal.code},
        )
    if publication.published:
        metrics.add_metric(name="EventsPublished", unit="Count", value=publication.published)
    if publication.refused:
        metrics.add_metric(name="EventsRefused", unit="Count", value=len(publication.refused))
    return publication


def _sequence_number(record: DynamoDBRecord) -> str:
    return str(record.dynamodb.sequence_number if record.dynamodb else "")


def _plain(value: Any) -> Any:
    """DynamoDB's Decimals and sets as JSON values (money and counts are integers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
