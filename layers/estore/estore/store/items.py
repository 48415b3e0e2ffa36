"""Reading items: plain values (no key attributes, ints not Decimals) and one page of a partition."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from estore.ddb.conditions import Key as K
from estore.store import dynamo

_KEY_ATTRIBUTES = {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "type"}


def plain(item: dict[str, Any]) -> dict[str, Any]:
    """An item without its key attributes, numbers as ints (no floats ever live in this table)."""
    return {name: _number(value) for name, value in item.items() if name not in _KEY_ATTRIBUTES}


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):  # money and counts are integers; a rating may not be
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _number(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_number(inner) for inner in value]
    return value


def query_page(
    partition: str,
    *,
    index: str | None,
    limit: int,
    start: dict[str, Any] | None,
    newest_first: bool = True,
    sk_prefix: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One page of a partition (of the table or an index); returns items and the position after them."""
    key_name, sort_name = {"gsi1": ("gsi1pk", "gsi1sk"), "gsi2": ("gsi2pk", "gsi2sk")}.get(index or "", ("pk", "sk"))
    condition = K(key_name).eq(partition)
    if sk_prefix:
        condition = condition & K(sort_name).begins_with(sk_prefix)
    query: dict[str, Any] = {
        "KeyConditionExpression": condition,
        "Limit": limit,
        "ScanIndexForward": not newest_first,
    }
    if index:
        query["IndexName"] = index
    if start:
        query["ExclusiveStartKey"] = start
    page = dynamo.table().query(**query)
    return [plain(item) for item in page["Items"]], _json_key(page.get("LastEvaluatedKey"))


def _json_key(key: dict[str, Any] | None) -> dict[str, Any] | None:
    return {name: str(value) for name, value in key.items()} if key else None


def batch_get(item_keys: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Many items by key, in BatchGetItem calls of 100 (unprocessed keys retried); missing ones absent."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    unique = list({(key["pk"], key["sk"]): key for key in item_keys}.values())
    name = dynamo.table().name
    for start in range(0, len(unique), 100):
        request: dict[str, Any] = {name: {"Keys": unique[start : start + 100], "ConsistentRead": True}}
        while request:
            answer = dynamo.resource().batch_get_item(RequestItems=request)
            for item in answer["Responses"].get(name, []):
                found[(item["pk"], item["sk"])] = item
            request = answer.get("UnprocessedKeys") or {}
    return found
