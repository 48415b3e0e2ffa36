"""Offers: other sellers selling the same product (new, used or refurbished), and changes to them."""

from __future__ import annotations

from estore import clock
from estore.auth import Principal
from estore.config import get_settings
from estore.domain.catalog import Condition, Offer, OfferChanges, OfferInput, offer_claim, other_sellers
from estore.domain.events import offer_changed
from estore.domain.ids import new_id
from estore.errors import Conflict, Forbidden, NotFound, ValidationFailed
from estore.services.catalog_views import on_sale
from estore.services.products import active_seller
from estore.store import catalog as store
from estore.store.ports import CatalogPorts, dynamo_catalog


def _check_currency(offer_price_currency: str, field: str) -> None:
    currency = get_settings().currency
    if offer_price_currency != currency:
        raise ValidationFailed.field(field, f"this store sells in {currency}")


def add_offer(
    principal: Principal,
    product_id: str,
    request: OfferInput,
    *,
    correlation_id: str,
    ports: CatalogPorts | None = None,
) -> Offer:
    """POST /products/{id}/offers: one offer per seller, product, condition and variant."""
    ports = ports or dynamo_catalog()
    seller = active_seller(principal, ports.sellers)
    _check_currency(request.price.currency, "price.currency")
    offer = {
        "id": new_id(),
        "productId": product_id,
        "sellerId": seller.id,
        "sellerName": seller.store_name,
        "condition": request.condition.value,
        "conditionNote": request.condition_note,
        "price": request.price.model_dump(mode="json"),
        "stock": request.stock,
        "variant": request.variant,
        "correlationId": correlation_id,
    }
    uow = ports.offers.unit_of_work()
    ports.offers.require_product(uow, product_id, NotFound(f"No product {product_id}."))
    claim = offer_claim(product_id, seller.id, request.condition, request.variant)
    taken = Conflict("You already offer this product in this condition and variant.", code="OFFER_EXISTS")
    ports.offers.add_offer(uow, offer, claim, clock.iso(clock.now()), taken)
    uow.emit(offer_changed(offer, "created", correlation_id=correlation_id))
    uow.commit()
    return store.to_offer(offer)


def _own_offer(principal: Principal, offer_id: str, ports: CatalogPorts) -> Offer:
    offer = ports.offers.find_offer(offer_id)
    if offer is None:
        raise NotFound(f"No offer {offer_id}.")
    if offer.seller_id != principal.user_id:
        raise Forbidden("You can only change your own offers.")
    return offer


def update_offer(
    principal: Principal,
    offer_id: str,
    changes: OfferChanges,
    *,
    correlation_id: str,
    ports: CatalogPorts | None = None,
) -> Offer:
    """PATCH /offers/{id}: price, stock or the condition note; the seller must still own it."""
    ports = ports or dynamo_catalog()
    offer = _own_offer(principal, offer_id, ports)
    active_seller(principal, ports.sellers)
    # model_fields_set, not model_dump(): the dump's keys are the aliases (conditionNote), so a check on
    # "condition_note" there never matched and a null note on a used offer was silently ignored.
    cleared = "condition_note" in changes.model_fields_set and changes.condition_note is None
    if cleared and offer.condition is not Condition.NEW:
        raise ValidationFailed.field("conditionNote", f"a {offer.condition.value} offer must keep its note")
    given = {name: getattr(changes, name) for name in changes.model_fields_set if getattr(changes, name) is not None}
    updated = offer.model_copy(update=given)
    if changes.price is not None:
        _check_currency(changes.price.currency, "price.currency")
    uow = ports.offers.unit_of_work()
    ports.offers.change_offer(
        uow,
        offer,
        price=changes.price,
        stock=changes.stock,
        condition_note=changes.condition_note,
        correlation_id=correlation_id,
        missing=NotFound(f"No offer {offer_id}."),
    )
    uow.emit(offer_changed(updated.model_dump(mode="json", by_alias=True), "updated", correlation_id=correlation_id))
    uow.commit()
    return updated


def delete_offer(
    principal: Principal, offer_id: str, *, correlation_id: str, ports: CatalogPorts | None = None
) -> None:
    """DELETE /offers/{id}: the seller's own offer and its claim."""
    ports = ports or dynamo_catalog()
    offer = _own_offer(principal, offer_id, ports)
    active_seller(principal, ports.sellers)
    uow = ports.offers.unit_of_work()
    ports.offers.remove_offer(uow, offer)
    uow.emit(offer_changed(offer.model_dump(mode="json", by_alias=True), "deleted", correlation_id=correlation_id))
    uow.commit()


def offers_of(product_id: str, conditions: set[Condition] | None) -> list[Offer]:
    """GET /products/{id}/offers: "Other sellers", cheapest first; the product must exist."""
    if store.get_product(product_id) is None:
        raise NotFound(f"No product {product_id}.")
    return other_sellers(on_sale(store.product_offers(product_id)), conditions)


def parse_conditions(raw: str | None) -> set[Condition] | None:
    """'used,refurbished' -> {USED, REFURBISHED}; None or '' -> every condition; unknown -> 422."""
    if not raw:
        return None
    chosen = set()
    for part in raw.split(","):
        try:
            chosen.add(Condition(part.strip().lower()))
        except ValueError as error:
            raise ValidationFailed.field("condition", f"'{part}' is not new, used or refurbished") from error
    return chosen
