"""TransactWriteItems' ClientRequestToken, which moto ignores and DynamoDB honours.

botocore gives every TransactWriteItems a fresh ClientRequestToken and, when an attempt times out
on the client's side (read_timeout) or fails in transit, sends the very same request again. DynamoDB
answers a repeated token (within ten minutes, same request) with success and changes nothing: the
retry is harmless. moto ran it a second time. Every Estore transaction that creates something
conditions it on not existing yet (`attribute_not_exists(pk)`), so the second run failed on the
first run's own writes: a product the seller had just created came back as 409 CONFLICT ("The data
changed while this request ran"), and a wallet posting would re-read and post again. The first
attempt times out when moto is busy with the background consumers' transactions (the indexer's,
the publisher's polling) that hold its one lock; so it showed under load, never alone.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import Any

TOKEN_WINDOW_S = 600  # DynamoDB's: a token is remembered for ten minutes after its request completed

_lock = threading.Lock()
_completed: dict[str, tuple[str, float]] = {}  # token -> (request digest, when it completed)


def _digest(body: dict[str, Any]) -> str:
    request = {name: value for name, value in body.items() if name != "ClientRequestToken"}
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def _forget_expired(now: float) -> None:
    expired = [token for token, (_, when) in _completed.items() if now - when > TOKEN_WINDOW_S]
    for token in expired:
        del _completed[token]


def honour_client_request_tokens() -> None:
    """Makes moto answer a repeated (token, request) with success without running it again, and a
    token reused for another request with IdempotentParameterMismatchException, as DynamoDB does."""
    from moto.core.responses import ActionResult
    from moto.dynamodb.exceptions import DynamodbException
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.transact_write_items
    if getattr(original, "honours_tokens", False):
        return

    class IdempotentParameterMismatch(DynamodbException):
        def __init__(self) -> None:
            super().__init__(
                "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
                "The ClientRequestToken was used before for a different request.",
            )

    def transact_write_items(self: Any) -> Any:
        token = self.body.get("ClientRequestToken")
        if not token:
            return original(self)
        digest, now = _digest(self.body), time.monotonic()
        with _lock:
            _forget_expired(now)
            done = _completed.get(token)
        if done is not None:
            if done[0] != digest:
                raise IdempotentParameterMismatch()
            return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
        result = original(self)  # a cancelled transaction raises: only a completed one is remembered
        with _lock:
            _completed[token] = (digest, time.monotonic())
        return result

    transact_write_items.honours_tokens = True  # type: ignore[attr-defined]
    DynamoHandler.transact_write_items = transact_write_items  # type: ignore[method-assign]
