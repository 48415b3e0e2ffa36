"""The cart item: one per customer, a map of lines keyed by offer id, guarded by a version number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from estore.domain.identity import SellerStatus
from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.catalog import to_offer
from estore.store.items import batch_get, plain
from estore.store.records import CartItem, ForSale, StoredCart
from estore.store.uow import Transaction, UnitOfWork, dynamo_uow

Lines = dict[str, dict[str, Any]]


def get_cart(customer_id: str) -> tuple[Lines, int]:
    """The cart's lines and version (0 for a customer who never had a cart)."""
    item = dynamo.table().get_item(Key=keys.cart(customer_id), ConsistentRead=True).get("Item")
    if not item:
        return {}, 0
    data = plain(item)
    return dict(data.get("lines") or {}), int(data["version"])


def cart_of(customer_id: str) -> StoredCart:
    """The cart as checkout reads it: typed lines, in the order they were added, and the version."""
    lines, version = get_cart(customer_id)
    return StoredCart(tuple(CartItem.from_item(offer_id, line) for offer_id, line in lines.items()), version)


def for_sale(lines: Sequence[CartItem]) -> dict[str, ForSale]:
    """Per offer id: the offer now, its product's title and whether its seller is active (one BatchGetItem)."""
    wanted = []
    for line in lines:
        wanted += [keys.offer(line.offer_id), keys.product(line.product_id), keys.seller_profile(line.seller_id)]
    found = batch_get(wanted)

    def get(key: dict[str, str]) -> dict[str, Any] | None:
        item = found.get((key["pk"], key["sk"]))
        return plain(item) if item else None

    state = {}
    for line in lines:
        offer, product = get(keys.offer(line.offer_id)), get(keys.product(line.product_id))
        seller = get(keys.seller_profile(line.seller_id)) or {}
        title = None if product is None else str(product.get("title") or "")
        active = seller.get("status") == SellerStatus.ACTIVE.value
        state[line.offer_id] = ForSale(None if offer is None else to_offer(offer), title, active)
    return state


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


def clear_cart(uow: Transaction, customer_id: str, version: int, changed: Conflict) -> None:
    """Checkout's side: the cart goes, if it is still the one that was priced."""
    dynamo_uow(uow).delete(
        keys.cart(customer_id), condition="version = :v", values={":v": version}, on_condition_failed=changed
    )
