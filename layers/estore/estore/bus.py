"""EventBridge: put events on the bus, ten per call, and say which entries the bus refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from estore import aws

MAX_ENTRIES_PER_CALL = 10  # PutEvents' limit
_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)


@dataclass(frozen=True)
class Refusal:
    """Why the bus did not take one entry (PutEvents' ErrorCode and ErrorMessage)."""

    code: str
    message: str


@cache
def _client() -> Any:
    return aws.session().create_client("events", config=_CONFIG)


def put_events(entries: Sequence[Mapping[str, Any]]) -> list[Refusal | None]:
    """Puts the entries in calls of ten. One answer per entry, in order: None if the bus took it."""
    answers: list[Refusal | None] = []
    for start in range(0, len(entries), MAX_ENTRIES_PER_CALL):
        answers += _put_chunk(entries[start : start + MAX_ENTRIES_PER_CALL])
    return answers


def _put_chunk(chunk: Sequence[Mapping[str, Any]]) -> list[Refusal | None]:
    try:
        answer = _client().put_events(Entries=[dict(entry) for entry in chunk])
    except ClientError as error:
        # The whole call failed (throttled past retries, too large...): none of its entries is on the bus.
        details = error.response.get("Error", {})
        refusal = Refusal(str(details.get("Code", "ClientError")), str(details.get("Message", error)))
        return [refusal] * len(chunk)
    except BotoCoreError as error:
        return [Refusal(type(error).__name__, str(error))] * len(chunk)
    # PutEvents answers one result per entry, in the order sent; a refused one carries an ErrorCode.
    results: list[dict[str, Any]] = answer.get("Entries") or []
    refusals: list[Refusal | None] = []
    for index in range(len(chunk)):
        result = results[index] if index < len(results) else {"ErrorCode": "NoResult"}
        code = result.get("ErrorCode")
        refusals.append(Refusal(str(code), str(result.get("ErrorMessage", ""))) if code else None)
    return refusals
