"""Idempotency records: the first answer to (use case, caller, Idempotency-Key), kept for a day."""

from __future__ import annotations

from typing import Any

from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.uow import UnitOfWork

RETENTION_SECONDS = 24 * 3600

# Raised by commit() when a concurrent request with the same key committed first.
REPLAYED = "IDEMPOTENT_REPLAY"


def get_record(scope: str, owner: str, key: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.idempotency(scope, owner, key), ConsistentRead=True).get("Item")
    return plain(item) if item else None


def add_record(
    uow: UnitOfWork, scope: str, owner: str, key: str, fingerprint: str, result: dict[str, Any], now_epoch: int
) -> None:
    """Written in the same transaction as the change it answers for: both land or neither does."""
    uow.put(
        {
            **keys.idempotency(scope, owner, key),
            "type": "IDEMPOTENCY",
            "fingerprint": fingerprint,
            "result": result,
            "expiresAt": now_epoch + RETENTION_SECONDS,
        },
        condition="attribute_not_exists(pk)",
        on_condition_failed=Conflict("This request was already made with this Idempotency-Key.", code=REPLAYED),
    )
