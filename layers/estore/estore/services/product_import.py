"""Create or update one product by the seller's sku, through the same rules as POST /products and PATCH.

A new sku runs the CreateProduct steps (services.product_workflow) in this process; a known sku changes
the product and its offer in one transaction, and only what differs, so importing the same row again
writes nothing and emits nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from estore import clock
from estore.config import get_settings
from estore.domain.catalog import NewProduct
from estore.domain.events import offer_changed, product_event
from estore.domain.identity import SellerProfile
from estore.domain.ids import new_id
from estore.domain.imports import CellError, RowOutcome
from estore.domain.tags import normalize_tags
from estore.errors import Conflict
from estore.services.product_workflow import new_draft, run_in_process
from estore.services.products import _replace_images, _replace_tags
from estore.store import catalog as store
from estore.store import keys
from estore.store.uow import UnitOfWork

AddWrites = Callable[[UnitOfWork, RowOutcome, str], None]
_PRODUCT_FIELDS = ("title", "description", "brand", "category")


def import_product(
    seller: SellerProfile, request: NewProduct, *, correlation_id: str, add_writes: AddWrites
) -> tuple[RowOutcome, str | None]:
    """(outcome, product id). `add_writes` adds the caller's writes to the product's transaction; for an
    unchanged product nothing is committed (the caller records that outcome itself)."""
    assert request.sku, "an imported row always has a sku"
    claim = store.get_sku(seller.id, request.sku)
    if claim is None:
        try:
            return RowOutcome.CREATED, _create(seller, request, correlation_id, add_writes)
        except Conflict as conflict:
            if conflict.code != "SKU_TAKEN":
                raise
            claim = store.get_sku(seller.id, request.sku)  # listed meanwhile (a re-run): update it instead
            if claim is None:
                raise
    return _update(seller, claim, request, correlation_id, add_writes), str(claim["productId"])


def _create(seller: SellerProfile, request: NewProduct, correlation_id: str, add_writes: AddWrites) -> str:
    product_id = new_id()
    draft = new_draft(
        request=request,
        product_id=product_id,
        offer_id=new_id(),
        seller_id=seller.id,
        seller_name=seller.store_name,
        now=clock.iso(clock.now()),
        correlation_id=correlation_id,
        idempotency_record=None,
    )
    run_in_process(draft, before_commit=lambda uow: add_writes(uow, RowOutcome.CREATED, product_id))
    return product_id


def _update(
    seller: SellerProfile, claim: dict[str, Any], request: NewProduct, correlation_id: str, add_writes: AddWrites
) -> RowOutcome:
    product = store.get_product_or_404(str(claim["productId"]))
    offer = store.get_offer(str(claim["offerId"]))
    wanted_offer = request.offer
    if offer is None:
        raise CellError("sku", f"the offer of sku {request.sku} was removed; delete the product to list it again")
    if offer["condition"] != wanted_offer.condition.value or (offer.get("variant") or None) != wanted_offer.variant:
        raise CellError("condition", "an imported sku keeps its condition and variant; use a new sku for another")
    uow = UnitOfWork(get_settings().table_name)
    changed = _product_changes(uow, seller, product, request, correlation_id)
    changed = _offer_changes(uow, offer, request, correlation_id) or changed
    if not changed:
        return RowOutcome.UNCHANGED
    add_writes(uow, RowOutcome.UPDATED, str(product["id"]))
    uow.commit()
    return RowOutcome.UPDATED


def _product_changes(
    uow: UnitOfWork, seller: SellerProfile, product: dict[str, Any], request: NewProduct, correlation_id: str
) -> bool:
    fields = {name: getattr(request, name) for name in _PRODUCT_FIELDS if product.get(name) != getattr(request, name)}
    slugs = [slug for slug, _ in normalize_tags(request.tags)]
    tags_differ = list(product.get("tags", [])) != slugs
    images_differ = [image["id"] for image in product.get("images", [])] != request.image_ids
    if not fields and not tags_differ and not images_differ:
        return False
    updated = {**product, **fields}
    if tags_differ:
        updated["tags"] = _replace_tags(uow, product, request.tags)
    if images_differ:
        updated["images"] = _replace_images(uow, seller.id, product, request.image_ids)
    updated.update(updatedAt=clock.iso(clock.now()), version=int(product["version"]) + 1, correlationId=correlation_id)
    uow.put(
        store.product_item(updated),
        condition="version = :version",
        values={":version": product["version"]},
        on_condition_failed=Conflict("The product changed while it was imported; import again.", code="STALE"),
    )
    uow.emit(product_event("ProductUpdated", updated, correlation_id=correlation_id))
    return True


def _offer_changes(uow: UnitOfWork, offer: dict[str, Any], request: NewProduct, correlation_id: str) -> bool:
    wanted = request.offer
    price = wanted.price.model_dump(mode="json")
    if (
        offer["price"] == price
        and int(offer["stock"]) == wanted.stock
        and offer.get("conditionNote") == wanted.condition_note
    ):
        return False
    index = keys.product_offers_index(offer["productId"], wanted.price.amount, offer["id"])
    uow.update(
        keys.offer(offer["id"]),
        "SET price = :price, gsi2sk = :rank, stock = :stock, conditionNote = :note, correlationId = :cid",
        condition="attribute_exists(pk) AND sellerId = :me",
        values={
            ":price": price,
            ":rank": index["gsi2sk"],
            ":stock": wanted.stock,
            ":note": wanted.condition_note,
            ":cid": correlation_id,
            ":me": offer["sellerId"],
        },
        on_condition_failed=Conflict("The offer was removed while it was imported.", code="STALE"),
    )
    updated = {**offer, "price": price, "stock": wanted.stock, "conditionNote": wanted.condition_note}
    uow.emit(offer_changed(updated, "updated", correlation_id=correlation_id))
    return True
