"""The cart item: one per customer, a map of lines keyed by offer id, guarded by a version number."""

from __future__ import annotations

from typing import Any

from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.items import plain
from estore.store.uow import UnitOfWork

Lines = dict[str, dict[str, Any]]


def get_cart(customer_id: str) -> tuple[Lines, int]:
    """The cart's lines and version (0 for a customer who never had a cart)."""
    item = dynamo.table().get_item(Key=keys.cart(customer_id), ConsistentRead=True).get("Item")
    if not item:
        return {}, 0
    data = plain(item)
    return dict(data.get("lines") or {}), int(data["version"])


def _changed_meanwhile() -> Conflict:
    return Conflict("The cart changed while this request ran; try again.", code="CART_CHANGED")


def save_cart(uow: UnitOfWork, customer_id: str, lines: Lines, version: int, now: str) -> None:
    """The whole cart, written only if nobody changed it since it was read at `version`."""
    item: dict[str, Any] = {**keys.cart(customer_id), "type": "CART", "customerId": customer_id, "lines": lines}
    item.update(version=version + 1, updatedAt=now)
    if version == 0:
        uow.put(item, condition="attribute_not_exists(pk)", on_condition_failed=_changed_meanwhile())
    else:
        uow.put(item, condition="version = :v", values={":v": version}, on_condition_failed=_changed_meanwhile())


def clear_cart(uow: UnitOfWork, customer_id: str, version: int, changed: Conflict) -> None:
    """Checkout's side: the cart goes, if it is still the one that was priced."""
    uow.delete(keys.cart(customer_id), condition="version = :v", values={":v": version}, on_condition_failed=changed)
