"""What the search tests share: a bus that delivers the outbox's events to the indexer in-process,
the fixtures (a bus, two sellers) and small helpers. Loaded as a plugin by tests/integration/conftest.py."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from estore.services.publisher import bus_entry
from estore_local.emulator.bus_rules import delivered_event
from estore_local.emulator.harness import Answer, Cloud, User, make_seller

INDEXER = "SearchIndexerFunction"
OFFER = {"price": {"amount": 4999, "currency": "USD"}, "stock": 5}


class Bus:
    """Delivers the events the requests wrote to their outbox to the indexer, as its bus rules would."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.delivered: set[str] = set()

    def pending(self) -> list[dict[str, Any]]:
        items = [_plain(item) for item in self.cloud.table_items() if item["pk"]["S"].startswith("OUTBOX#")]
        fresh = [item for item in items if item["pk"] not in self.delivered]
        return sorted(fresh, key=lambda item: item["pk"])  # event ids sort by time

    def deliver(self) -> int:
        """Runs the indexer once per matching event not delivered yet; how many it ran on."""
        count = 0
        for item in self.pending():
            self.delivered.add(item["pk"])
            count += len(self.cloud.put_events([bus_entry(item, self.cloud.stack.ref("EventBus"))], only={INDEXER}))
        return count

    def put(self, source: str, detail_type: str, data: dict[str, Any]) -> Any:
        """An event straight onto the indexer, as the bus would deliver it (for events nobody emits yet)."""
        item = {
            "pk": f"OUTBOX#manual-{uuid.uuid4().hex}",
            "source": source,
            "detailType": detail_type,
            "detail": data,
            "correlationId": "test",
            "occurredAt": "2026-11-25T10:00:00Z",
        }
        return self.cloud.run(INDEXER, as_bus_event(item))


def as_bus_event(item: dict[str, Any]) -> dict[str, Any]:
    """An outbox item as EventBridge hands it to a rule target: the publisher's entry, delivered."""
    _, event = delivered_event(bus_entry(item, "default"), str(uuid.uuid4()))
    return event


def _plain(value: Any) -> Any:
    """A low-level DynamoDB item as plain JSON values."""
    if isinstance(value, dict) and len(value) == 1:
        [(kind, inner)] = value.items()
        if kind == "S":
            return inner
        if kind == "N":
            return int(inner)
        if kind == "BOOL":
            return inner
        if kind == "NULL":
            return None
        if kind == "L":
            return [_plain(v) for v in inner]
        if kind == "M":
            return {k: _plain(v) for k, v in inner.items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@pytest.fixture
def bus(cloud: Cloud) -> Bus:
    return Bus(cloud)


@pytest.fixture
def seller(cloud: Cloud) -> User:
    return make_seller(cloud, "Brick House")


@pytest.fixture
def rival(cloud: Cloud) -> User:
    return make_seller(cloud, "Block Party")


def create(cloud: Cloud, user: User, title: str, **fields: Any) -> dict[str, Any]:
    body = {"title": title, "brand": "LEGO", "category": "toys", "offer": OFFER, **fields}
    answer = cloud.call("POST", "/products", user=user, json_body=body)
    assert answer.status == 201, answer.body
    product: dict[str, Any] = answer.body
    return product


def search(cloud: Cloud, **query: str) -> Answer:
    return cloud.call("GET", "/search", query=query)


def found_ids(answer: Answer) -> list[str]:
    assert answer.status == 200, answer.body
    return [item["id"] for item in answer.body["items"]]
