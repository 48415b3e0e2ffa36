"""Recommendation counters in the table: atomic ADDs written by the consumer, bounded, read in batches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from estore.domain import recommendations as rules
from estore.domain.recommendations import OrderCounts
from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.uow import UnitOfWork

APPLIED = "ALREADY_APPLIED"
EVENT_MEMORY_SECONDS = 7 * 24 * 3600
POPULAR_MEMORY_SECONDS = (rules.BEST_SELLER_DAYS + 2) * 24 * 3600


def _add(uow: UnitOfWork, key: Mapping[str, str], prefix: str, deltas: Mapping[str, int], **sets: Any) -> None:
    """One UpdateItem: ADD each counter (created at zero on first use), SET the given plain attributes."""
    names: dict[str, str] = {"#type": "type"}
    values: dict[str, Any] = {":type": "RECO"}
    adds = []
    for index, (name, delta) in enumerate(sorted(deltas.items())):
        names[f"#a{index}"] = prefix + name
        values[f":a{index}"] = delta
        adds.append(f"#a{index} :a{index}")
    assignments = ["#type = :type"]
    for index, (name, value) in enumerate(sorted(sets.items())):
        names[f"#s{index}"] = name
        values[f":s{index}"] = value
        assignments.append(f"#s{index} = :s{index}")
    expression = "SET " + ", ".join(assignments) + (" ADD " + ", ".join(adds) if adds else "")
    uow.update(key, expression, names=names, values=values)


def record_order(
    uow: UnitOfWork,
    marker: str,
    customer_id: str,
    counts: OrderCounts,
    *,
    day: str,
    now_seconds: int,
) -> None:
    """Every counter an order moves, with a marker that makes a replayed event a no-op (one transaction)."""
    uow.put(
        {**keys.reco_event(marker), "type": "RECOEVENT", "expiresAt": now_seconds + EVENT_MEMORY_SECONDS},
        condition="attribute_not_exists(pk)",
        on_condition_failed=Conflict("This event was already applied.", code=APPLIED),
    )
    for product, others in counts.neighbours.items():
        _add(uow, keys.reco_neighbours(product), rules.NEIGHBOUR, others)
    _add(uow, keys.reco_popular(day), rules.POPULAR, counts.units, expiresAt=now_seconds + POPULAR_MEMORY_SECONDS)
    for slug, units in counts.tags.items():
        _add(uow, keys.reco_tag(slug), rules.POPULAR, units)
    history = _history_update(customer_id, counts, now_seconds)
    uow.update(keys.reco_customer(customer_id), history[0], names=history[1], values=history[2])


def _history_update(
    customer_id: str, counts: OrderCounts, now_seconds: int
) -> tuple[str, dict[str, str], dict[str, Any]]:
    names: dict[str, str] = {"#type": "type", "#units": rules.UNITS}
    values: dict[str, Any] = {":type": "RECO", ":now": now_seconds, ":units": counts.total_units}
    sets = ["#type = :type"]
    for index, product in enumerate(counts.bought):
        names[f"#b{index}"] = rules.BOUGHT + product
        sets.append(f"#b{index} = :now")
    adds = ["#units :units"]
    for index, (slug, units) in enumerate(sorted(counts.customer_tags.items())):
        names[f"#t{index}"] = rules.TAG + slug
        values[f":t{index}"] = units
        adds.append(f"#t{index} :t{index}")
    return "SET " + ", ".join(sets) + " ADD " + ", ".join(adds), names, values


def remove_attributes(key: Mapping[str, str], attributes: Iterable[str]) -> None:
    """REMOVE counters (pruning a bounded list, or dropping a product); missing ones are no error, and an
    item that does not exist is not created by it."""
    names = {f"#r{index}": name for index, name in enumerate(sorted(set(attributes)))}
    if not names:
        return
    try:
        dynamo.table().update_item(
            Key=dict(key),
            UpdateExpression="REMOVE " + ", ".join(names),
            ExpressionAttributeNames=names,
            ConditionExpression="attribute_exists(pk)",
        )
    except ClientError as error:
        if dynamo.error_code(error) != "ConditionalCheckFailedException":
            raise


def set_attributes(key: Mapping[str, str], values: Mapping[str, Any]) -> None:
    names = {f"#v{index}": name for index, name in enumerate(sorted(values))}
    expression = ", ".join(f"{alias} = :v{index}" for index, alias in enumerate(names))
    dynamo.table().update_item(
        Key=dict(key),
        UpdateExpression="SET #type = :type, " + expression,
        ExpressionAttributeNames={**names, "#type": "type"},
        ExpressionAttributeValues={
            ":type": "RECO",
            **{f":v{index}": values[name] for index, name in enumerate(names.values())},
        },
    )


def delete(key: Mapping[str, str]) -> None:
    dynamo.table().delete_item(Key=dict(key))


def get(key: Mapping[str, str]) -> dict[str, Any] | None:
    """One counter item (GetItem)."""
    item = dynamo.table().get_item(Key=dict(key)).get("Item")
    return plain(item) if item else None


def get_many(item_keys: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Up to 100 items in ONE BatchGetItem (unprocessed keys, rare, are read again); missing ones absent."""
    if len(item_keys) > 100:
        raise ValueError("one BatchGetItem reads at most 100 keys")
    found: dict[tuple[str, str], dict[str, Any]] = {}
    unique = list({(key["pk"], key["sk"]): key for key in item_keys}.values())
    if not unique:
        return found
    name = dynamo.table().name
    request: dict[str, Any] = {name: {"Keys": unique}}
    while request:
        answer = dynamo.resource().batch_get_item(RequestItems=request)
        for item in answer["Responses"].get(name, []):
            found[(str(item["pk"]), str(item["sk"]))] = plain(item)
        request = answer.get("UnprocessedKeys") or {}
    return found
