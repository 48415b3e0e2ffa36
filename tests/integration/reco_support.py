"""A bus for the recommendation tests: the outbox's events delivered to every function whose rules match
(the search indexer and the recommendations recorder), as EventBridge would."""

from __future__ import annotations

from typing import Any

from estore.services.publisher import bus_entry
from estore_local.emulator.harness import Cloud
from tests.integration.search_support import _plain, as_bus_event

CONSUMERS = ("SearchIndexerFunction", "RecommendationsRecorderFunction")


class FullBus:
    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.delivered: set[str] = set()

    def deliver(self) -> list[tuple[str, Any]]:
        """Every new outbox event to every matching consumer, oldest first; what each returned."""
        outcomes = []
        items = [_plain(item) for item in self.cloud.table_items() if item["pk"]["S"].startswith("OUTBOX#")]
        for item in sorted(items, key=lambda item: item["pk"]):
            if item["pk"] in self.delivered:
                continue
            self.delivered.add(item["pk"])
            entry = bus_entry(item, self.cloud.stack.ref("EventBus"))
            outcomes += self.cloud.put_events([entry], only=CONSUMERS)
        return outcomes

    def replay(self, detail_type: str) -> list[Any]:
        """Delivers again every event of this type already delivered (at-least-once delivery)."""
        items = [_plain(item) for item in self.cloud.table_items() if item["pk"]["S"].startswith("OUTBOX#")]
        return [
            self.cloud.run("RecommendationsRecorderFunction", as_bus_event(item))
            for item in items
            if item["detailType"] == detail_type
        ]
