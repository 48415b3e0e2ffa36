"""The one idempotent-replay lookup: the first answer to (use case, caller, Idempotency-Key), if any."""

from __future__ import annotations

from typing import Any

from estore.domain import idempotency as idem
from estore.errors import Conflict
from estore.store import idempotency
from estore.store.ports import IdempotencyRecords


def first_answer(
    scope: str, owner: str, key: str, fingerprint: str, records: IdempotencyRecords = idempotency
) -> dict[str, Any] | None:
    """The result recorded for this key, or None when the key is new. 422 IDEMPOTENCY_KEY_REUSED when the
    key came with another body; 409 IDEMPOTENCY_KEY_IN_USE when a twin has claimed it and not answered yet."""
    record = records.get_record(scope, owner, key)
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise idem.reused_key()
    if record.result is None:  # claimed by a twin still talking to the payment provider
        raise Conflict(
            "A request with this Idempotency-Key is still being processed; retry in a moment.",
            code="IDEMPOTENCY_KEY_IN_USE",
        )
    return record.result
