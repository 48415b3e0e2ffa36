"""The cart: add, change, remove, and view at today's prices (never a price the client sent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from estore import clock
from estore.auth import Principal
from estore.config import get_settings
from estore.domain.cart import MAX_LINES, MAX_QUANTITY, AddToCart, Cart, CartLine
from estore.domain.catalog import Condition
from estore.domain.events import Source, new_event
from estore.domain.identity import SellerStatus
from estore.domain.money import Money
from estore.errors import Conflict, NotFound, ValidationFailed
from estore.store import catalog as catalog_store
from estore.store import identity as identity_store
from estore.store import keys
from estore.store.cart import Lines, get_cart, save_cart
from estore.store.items import batch_get, plain
from estore.store.uow import UnitOfWork

ATTEMPTS = 3  # a cart changed by a concurrent request is re-read and the change applied again


def cart_view(principal: Principal) -> Cart:
    lines, _ = get_cart(principal.user_id)
    return priced(lines)


def priced(lines: Lines) -> Cart:
    """Each line at its offer's current price, with whether it can be bought now (one BatchGetItem)."""
    currency = get_settings().currency
    current = current_state(lines)
    items = [_priced_line(offer_id, line, *current[offer_id]) for offer_id, line in lines.items()]
    total = sum(line.line_total.amount for line in items if line.available)
    return Cart(items=items, total=Money(amount=total, currency=currency))


def _priced_line(
    offer_id: str, line: dict[str, Any], offer: dict[str, Any] | None, product: dict[str, Any] | None, active: bool
) -> CartLine:
    """The line as the customer should see it now; a withdrawn offer shows as it was, unavailable."""
    now = offer or line
    quantity = int(line["quantity"])
    price = now["price"] if offer else line["unitPrice"]
    unit = Money(amount=int(price["amount"]), currency=str(price["currency"]))
    stock = int(offer["stock"]) if offer else 0
    return CartLine(
        offer_id=offer_id,
        product_id=str(line["productId"]),
        title=str((product or {}).get("title") or line.get("title") or ""),
        condition=Condition(str(now["condition"])),
        condition_note=(offer or {}).get("conditionNote"),
        seller_id=str(line["sellerId"]),
        seller_name=str(now["sellerName"]),
        quantity=quantity,
        unit_price=unit,
        line_total=unit.times(quantity),
        available=offer is not None and product is not None and active and stock >= quantity,
        stock=stock,
    )


def current_state(lines: Lines) -> dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None, bool]]:
    """Per offer id: the offer now, its product now, and whether its seller is active - in one read."""
    wanted = []
    for offer_id, line in lines.items():
        wanted += [keys.offer(offer_id), keys.product(line["productId"]), keys.seller_profile(line["sellerId"])]
    found = batch_get(wanted)

    def get(key: dict[str, str]) -> dict[str, Any] | None:
        item = found.get((key["pk"], key["sk"]))
        return plain(item) if item else None

    state = {}
    for offer_id, line in lines.items():
        seller = get(keys.seller_profile(line["sellerId"])) or {}
        active = seller.get("status") == SellerStatus.ACTIVE.value
        state[offer_id] = (get(keys.offer(offer_id)), get(keys.product(line["productId"])), active)
    return state


def _change(principal: Principal, apply: Callable[[Lines], tuple[Lines, list[Any]]]) -> Cart:
    """Read the cart, apply a change, write it back if nobody changed it meanwhile (retried)."""
    for attempt in range(ATTEMPTS):
        lines, version = get_cart(principal.user_id)
        new_lines, events = apply(dict(lines))
        uow = UnitOfWork(get_settings().table_name)
        save_cart(uow, principal.user_id, new_lines, version, clock.iso(clock.now()))
        for event in events:
            uow.emit(event)
        try:
            uow.commit()
            return priced(new_lines)
        except Conflict as conflict:
            if conflict.code != "CART_CHANGED" or attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _offer_to_buy(principal: Principal, offer_id: str, quantity: int) -> dict[str, Any]:
    offer = catalog_store.get_offer(offer_id)
    if offer is None:
        raise NotFound(f"No offer {offer_id}.", code="UNKNOWN_OFFER")
    if offer["sellerId"] == principal.user_id:
        raise Conflict("You cannot buy your own offer.", code="OWN_OFFER")
    if not identity_store.is_active_seller(identity_store.get_seller(str(offer["sellerId"]))):
        raise Conflict("This store is suspended; its offers cannot be bought.", code="SELLER_SUSPENDED")
    if int(offer["stock"]) < quantity:
        raise Conflict(
            f"Only {offer['stock']} left of this offer.",
            code="OUT_OF_STOCK",
            details=[{"offerId": offer_id, "requested": quantity, "available": int(offer["stock"])}],
        )
    return offer


def _line(offer: dict[str, Any], quantity: int, now: str) -> dict[str, Any]:
    return {
        "offerId": offer["id"],
        "productId": offer["productId"],
        "sellerId": offer["sellerId"],
        "sellerName": offer["sellerName"],
        "condition": offer["condition"],
        "quantity": quantity,
        "unitPrice": offer["price"],
        "addedAt": now,
    }


def add_item(principal: Principal, request: AddToCart, *, correlation_id: str) -> Cart:
    """Adds to the offer's line (or opens one) at the offer's current price."""

    def apply(lines: Lines) -> tuple[Lines, list[Any]]:
        existing = int(lines.get(request.offer_id, {}).get("quantity", 0))
        quantity = existing + request.quantity
        if quantity > MAX_QUANTITY:
            raise ValidationFailed.field("quantity", f"at most {MAX_QUANTITY} in one line (the cart has {existing})")
        if not existing and len(lines) >= MAX_LINES:
            raise ValidationFailed(
                f"A cart holds at most {MAX_LINES} lines.",
                code="CART_FULL",
                details=[{"field": "offerId", "message": f"the cart already has {MAX_LINES} lines"}],
            )
        offer = _offer_to_buy(principal, request.offer_id, quantity)
        lines[request.offer_id] = _line(offer, quantity, clock.iso(clock.now()))
        detail = {
            "customerId": principal.user_id,
            "offerId": offer["id"],
            "productId": offer["productId"],
            "quantity": request.quantity,
        }
        return lines, [new_event(Source.CART, "ItemAddedToCart", detail, correlation_id=correlation_id)]

    return _change(principal, apply)


def change_quantity(principal: Principal, offer_id: str, quantity: int, *, correlation_id: str) -> Cart:
    """Sets a line's quantity (and takes the offer's current price for it)."""

    def apply(lines: Lines) -> tuple[Lines, list[Any]]:
        if offer_id not in lines:
            raise NotFound(f"Offer {offer_id} is not in your cart.")
        offer = _offer_to_buy(principal, offer_id, quantity)
        lines[offer_id] = {**_line(offer, quantity, lines[offer_id]["addedAt"])}
        return lines, []

    return _change(principal, apply)


def remove_item(principal: Principal, offer_id: str, *, correlation_id: str) -> Cart:
    def apply(lines: Lines) -> tuple[Lines, list[Any]]:
        if offer_id not in lines:
            raise NotFound(f"Offer {offer_id} is not in your cart.")
        removed = lines.pop(offer_id)
        detail = {
            "customerId": principal.user_id,
            "reason": "removed",
            "items": [{"offerId": offer_id, "productId": removed["productId"], "quantity": removed["quantity"]}],
        }
        return lines, [new_event(Source.CART, "ItemsRemovedFromCart", detail, correlation_id=correlation_id)]

    return _change(principal, apply)
