"""Bulk imports in the table: the import record (status, counts, errors) and one outcome item per row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from estore.ddb.conditions import Key as K
from estore.domain.imports import FINAL
from estore.errors import DomainError
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.uow import UnitOfWork


def add_import(record: dict[str, Any]) -> None:
    item = {
        **keys.import_record(record["id"]),
        **keys.seller_imports_index(record["sellerId"], record["createdAt"], record["id"]),
        "type": "IMPORT",
        **record,
    }
    dynamo.table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")


def get_import(import_id: str) -> dict[str, Any] | None:
    item = dynamo.table().get_item(Key=keys.import_record(import_id), ConsistentRead=True).get("Item")
    return plain(item) if item else None


def set_fields(import_id: str, fields: dict[str, Any], *, unless_final: bool = True) -> bool:
    """Sets fields of a running import; False when it already ended (a late or repeated step changes nothing)."""
    names = {f"#f{i}": name for i, name in enumerate(fields)}
    values: dict[str, Any] = {f":v{i}": value for i, value in enumerate(fields.values())}
    condition = "attribute_exists(pk)"
    if unless_final:
        finals = {f":final{i}": status.value for i, status in enumerate(sorted(FINAL))}
        values.update(finals)
        names["#status"] = "status"
        condition += f" AND NOT #status IN ({', '.join(finals)})"
    try:
        dynamo.table().update_item(
            Key=keys.import_record(import_id),
            UpdateExpression="SET " + ", ".join(f"#f{i} = :v{i}" for i in range(len(fields))),
            ConditionExpression=condition,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except dynamo.client().exceptions.ConditionalCheckFailedException:
        return False
    return True


def count_processed(import_id: str, rows: int) -> None:
    """Progress for the SPA's bar (exact counts come from the row outcomes at the end)."""
    dynamo.table().update_item(
        Key=keys.import_record(import_id),
        UpdateExpression="ADD #processed :n",
        ExpressionAttributeNames={"#processed": "processed"},
        ExpressionAttributeValues={":n": rows},
    )


def row_item(
    import_id: str, row: int, outcome: str, errors: list[dict[str, Any]], product_id: str | None
) -> dict[str, Any]:
    return {
        **keys.import_row(import_id, row),
        "type": "IMPORTROW",
        "row": row,
        "outcome": outcome,
        "errors": errors,
        "productId": product_id,
    }


def add_row_outcome(uow: UnitOfWork, item: dict[str, Any], done: DomainError) -> None:
    """A row's outcome inside its product's transaction: the row is done exactly when the product is."""
    uow.put(item, condition="attribute_not_exists(pk)", on_condition_failed=done)


def rows_done(import_id: str, rows: Iterable[int]) -> set[int]:
    """Which of these rows already have an outcome (a retried batch skips them)."""
    wanted = [keys.import_row(import_id, row) for row in rows]
    done: set[int] = set()
    for start in range(0, len(wanted), 100):
        request: dict[str, Any] = {
            dynamo.table().name: {
                "Keys": wanted[start : start + 100],
                "ProjectionExpression": "#r",
                "ExpressionAttributeNames": {"#r": "row"},
            }
        }
        while request:
            answer = dynamo.resource().batch_get_item(RequestItems=request)
            done.update(int(item["row"]) for item in answer["Responses"].get(dynamo.table().name, []))
            request = answer.get("UnprocessedKeys") or {}
    return done


def put_rows(items: list[dict[str, Any]]) -> None:
    """Outcomes that change no product (failed, unchanged), 25 to a call."""
    with dynamo.table().batch_writer(overwrite_by_pkeys=["pk", "sk"]) as writer:
        for item in items:
            writer.put_item(Item=item)


ROWS_PAGE = 100  # row outcomes per Query when summarizing


def all_rows(import_id: str) -> list[dict[str, Any]]:
    """Every row outcome of an import, in file order."""
    rows: list[dict[str, Any]] = []
    query: dict[str, Any] = {
        "KeyConditionExpression": K("pk").eq(keys.import_partition(import_id))
        & K("sk").begins_with(keys.IMPORT_ROW_PREFIX),
        # Short pages: the whole partition at once (1 MB) held the local cloud's one lock for seconds, the
        # API's calls waiting behind it (docs/imports.md); on AWS it is the same read units either way.
        "Limit": ROWS_PAGE,
    }
    while True:
        page = dynamo.table().query(**query)
        rows.extend(plain(item) for item in page["Items"])
        if "LastEvaluatedKey" not in page:
            return rows
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def finish(uow: UnitOfWork, import_id: str, fields: dict[str, Any]) -> None:
    """The import's end, once: conditional on it not having ended yet (the event is emitted with it)."""
    names = {f"#f{i}": name for i, name in enumerate(fields)}
    values: dict[str, Any] = {f":v{i}": value for i, value in enumerate(fields.values())}
    finals = {f":final{i}": status.value for i, status in enumerate(sorted(FINAL))}
    uow.update(
        keys.import_record(import_id),
        "SET " + ", ".join(f"#f{i} = :v{i}" for i in range(len(fields))),
        condition=f"attribute_exists(pk) AND NOT #status IN ({', '.join(finals)})",
        names={**names, "#status": "status"},
        values={**values, **finals},
    )
