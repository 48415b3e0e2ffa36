"""Idempotency records: the first answer to (use case, caller, Idempotency-Key), kept for a day."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.records import IdempotencyRecord
from estore.store.uow import Transaction, dynamo_uow

RETENTION_SECONDS = 24 * 3600

# Raised by commit() when a concurrent request with the same key committed first.
REPLAYED = "IDEMPOTENT_REPLAY"
# A claim older than this was left by a request that died mid-way (longer than any function's timeout):
# its key may be claimed again, which is safe because the provider is called with the same key.
CLAIM_STALE_SECONDS = 15 * 60


def get_record(scope: str, owner: str, key: str) -> IdempotencyRecord | None:
    item = dynamo.table().get_item(Key=keys.idempotency(scope, owner, key), ConsistentRead=True).get("Item")
    return IdempotencyRecord.from_item(plain(item)) if item else None


def claim(scope: str, owner: str, key: str, fingerprint: str, token: str, now_epoch: int) -> bool:
    """Takes the key before anything outside the table happens (a card charge): True for exactly one of
    two concurrent twins. The claim holds no answer; add_record(claim_token=...) turns it into one."""
    try:
        dynamo.table().put_item(
            Item={
                **keys.idempotency(scope, owner, key),
                "type": "IDEMPOTENCY",
                "fingerprint": fingerprint,
                "claimToken": token,
                "claimedAt": now_epoch,
                "expiresAt": now_epoch + RETENTION_SECONDS,
            },
            ConditionExpression="attribute_not_exists(pk) OR (attribute_not_exists(#result) AND claimedAt < :stale)",
            ExpressionAttributeNames={"#result": "result"},
            ExpressionAttributeValues={":stale": now_epoch - CLAIM_STALE_SECONDS},
        )
    except ClientError as error:
        if dynamo.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def release(scope: str, owner: str, key: str, token: str) -> None:
    """Gives a claimed key back (the charge was declined): the client may retry with the same key."""
    try:
        dynamo.table().delete_item(
            Key=keys.idempotency(scope, owner, key),
            ConditionExpression="claimToken = :token AND attribute_not_exists(#result)",
            ExpressionAttributeNames={"#result": "result"},
            ExpressionAttributeValues={":token": token},
        )
    except ClientError as error:
        if dynamo.error_code(error) != "ConditionalCheckFailedException":
            raise


def add_record(
    uow: Transaction,
    scope: str,
    owner: str,
    key: str,
    fingerprint: str,
    result: dict[str, Any],
    now_epoch: int,
    *,
    claim_token: str | None = None,
) -> None:
    """Written in the same transaction as the change it answers for: both land or neither does.
    With `claim_token`, it completes this request's own claim instead of taking a free key."""
    writes = dynamo_uow(uow)
    condition, values = "attribute_not_exists(pk)", None
    if claim_token:
        condition, values = "claimToken = :token AND attribute_not_exists(#result)", {":token": claim_token}
    writes.put(
        {
            **keys.idempotency(scope, owner, key),
            "type": "IDEMPOTENCY",
            "fingerprint": fingerprint,
            "result": result,
            "expiresAt": now_epoch + RETENTION_SECONDS,
        },
        condition=condition,
        names={"#result": "result"} if claim_token else None,
        values=values,
        on_condition_failed=Conflict("This request was already made with this Idempotency-Key.", code=REPLAYED),
    )


def forget(uow: Transaction, scope: str, owner: str, key: str) -> None:
    """The key freed again, in the transaction that undoes what it answered for (a refused payout)."""
    dynamo_uow(uow).delete(keys.idempotency(scope, owner, key))
