"""Image library entries and deduplicated content in the table."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from botocore.exceptions import ClientError

from estore.ddb.conditions import Key
from estore.domain.images import ImageRecord, ImageStatus, StoredContent
from estore.errors import Conflict, DomainError
from estore.store import dynamo, keys
from estore.store.uow import UnitOfWork

BATCH_GET_MAX = 100
_KEY_ATTRIBUTES = {"pk", "sk", "gsi1pk", "gsi1sk", "type"}


class _NotPending(DomainError):
    """The entry was already decided (a re-delivered or concurrent notification)."""


class _ContentTaken(DomainError):
    """Another upload stored the same content first."""


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in _KEY_ATTRIBUTES}


def _record(item: dict[str, Any]) -> ImageRecord:
    return ImageRecord.model_validate(_fields(item))


def _content(item: dict[str, Any]) -> StoredContent:
    return StoredContent.model_validate(_fields(item))


def _batch_get(key_list: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    """Every item of `key_list` that exists, in BatchGetItem calls of 100 keys (unprocessed keys retried)."""
    unique = list({(key["pk"], key["sk"]): key for key in key_list}.values())
    table_name = dynamo.table().name
    found: list[dict[str, Any]] = []
    for start in range(0, len(unique), BATCH_GET_MAX):
        request: dict[str, Any] = {table_name: {"Keys": unique[start : start + BATCH_GET_MAX]}}
        for attempt in range(8):
            answer = dynamo.resource().batch_get_item(RequestItems=request)
            found.extend(answer.get("Responses", {}).get(table_name, []))
            request = answer.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(min(0.05 * 2**attempt, 1.0))
        else:
            raise Conflict("The store is busy; try again.", code="BUSY")
    return found


# ---------------------------------------------------------------- library entries
def get_image(image_id: str, *, consistent: bool = False) -> ImageRecord | None:
    item = dynamo.table().get_item(Key=keys.image(image_id), ConsistentRead=consistent).get("Item")
    return _record(item) if item else None


def get_images(image_ids: list[str]) -> dict[str, ImageRecord]:
    """The library entries of `image_ids` by id; ids that do not exist are absent."""
    records = (_record(item) for item in _batch_get(keys.image(image_id) for image_id in image_ids))
    return {record.id: record for record in records}


def require_usable(uow: UnitOfWork, image_id: str, seller_id: str, error: DomainError) -> None:
    """Adds a check that the entry is the seller's own and READY; the commit raises `error` when it is not."""
    uow.check(
        keys.image(image_id),
        "#owner = :owner AND #status = :ready",
        names={"#owner": "owner_id", "#status": "status"},
        values={":owner": seller_id, ":ready": ImageStatus.READY.value},
        on_condition_failed=error,
    )


def add_image(uow: UnitOfWork, record: ImageRecord) -> None:
    """A new library entry (listed in its owner's library); a READY one also claims its content for the owner."""
    uow.put(
        {
            **keys.image(record.id),
            **keys.seller_images_index(record.owner_id, record.created_at, record.id),
            "type": "IMAGE",
            **record.model_dump(by_alias=False, mode="json", exclude_none=True),
        },
        condition="attribute_not_exists(pk)",
    )
    if record.status is ImageStatus.READY and record.sha256:
        _claim_content(uow, record.owner_id, record.sha256, record.id)


def _claim_content(uow: UnitOfWork, seller_id: str, sha256: str, image_id: str) -> None:
    # The first READY entry wins; later ones never overwrite it, so the claim never fails a transaction.
    uow.update(
        keys.seller_content(seller_id, sha256),
        "SET #type = :type, image_id = if_not_exists(image_id, :id)",
        names={"#type": "type"},
        values={":type": "SELLERCONTENT", ":id": image_id},
    )


def seller_contents(seller_id: str, sha256s: Iterable[str]) -> dict[str, str]:
    """For content the seller already has READY in its library: sha256 -> that entry's id."""
    items = _batch_get(keys.seller_content(seller_id, sha256) for sha256 in sha256s)
    return {item["pk"].rsplit("#", 1)[1]: str(item["image_id"]) for item in items}


def list_seller_images(
    seller_id: str, limit: int, start: dict[str, Any] | None
) -> tuple[list[ImageRecord], dict[str, Any] | None]:
    """A page of the seller's library, newest first, and where the next page starts (None at the end)."""
    query: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": Key("gsi1pk").eq(keys.seller_images_partition(seller_id)),
        "ScanIndexForward": False,
        "Limit": limit,
    }
    if start:
        query["ExclusiveStartKey"] = start
    answer = dynamo.table().query(**query)
    return [_record(item) for item in answer.get("Items", [])], answer.get("LastEvaluatedKey")


# ---------------------------------------------------------------- content and ingest outcomes
def get_content(sha256: str) -> StoredContent | None:
    item = dynamo.table().get_item(Key=keys.content(sha256), ConsistentRead=True).get("Item")
    return _content(item) if item else None


class ContentTaken(Exception):
    """Raised by `mark_ready(new_content=True)` when the content item appeared meanwhile: link to it instead."""


def mark_ready(record: ImageRecord, content: StoredContent, *, new_content: bool) -> bool:
    """Entry PENDING -> READY showing `content` (with the content item itself when `new_content`), in one commit.

    False when the entry was no longer PENDING: another delivery of the same upload decided it.
    """
    uow = UnitOfWork(dynamo.table().name)
    if new_content:
        uow.put(
            {**keys.content(content.sha256), "type": "CONTENT", **content.model_dump(by_alias=False, mode="json")},
            condition="attribute_not_exists(pk)",
            on_condition_failed=_ContentTaken("content exists"),
        )
    uow.update(
        keys.image(record.id),
        "SET #status = :ready, content_key = :key, content_type = :type, #size = :size, sha256 = :sha",
        condition="#status = :pending",
        names={"#status": "status", "#size": "size"},
        values={
            ":ready": ImageStatus.READY.value,
            ":pending": ImageStatus.PENDING.value,
            ":key": content.content_key,
            ":type": content.content_type.value,
            ":size": content.size,
            ":sha": content.sha256,
        },
        on_condition_failed=_NotPending("not pending"),
    )
    _claim_content(uow, record.owner_id, content.sha256, record.id)
    try:
        uow.commit()
    except _ContentTaken as taken:
        raise ContentTaken(content.sha256) from taken
    except _NotPending:
        return False
    return True


def mark_rejected(image_id: str, reason: str) -> bool:
    """Entry PENDING -> REJECTED with its reason; False when it was no longer PENDING."""
    try:
        dynamo.table().update_item(
            Key=keys.image(image_id),
            UpdateExpression="SET #status = :rejected, rejection_reason = :reason",
            ConditionExpression="#status = :pending",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":rejected": ImageStatus.REJECTED.value,
                ":pending": ImageStatus.PENDING.value,
                ":reason": reason,
            },
        )
    except ClientError as error:
        if dynamo.error_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True
