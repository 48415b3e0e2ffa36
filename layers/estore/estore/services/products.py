"""Product use cases: create (through the CreateProduct workflow), batch create, update, delete, list."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from estore import clock, workflows
from estore.auth import Principal, Role
from estore.config import get_settings
from estore.domain import idempotency as idem
from estore.domain.catalog import NewProduct, Offer, Product, ProductChanges
from estore.domain.events import offer_changed, product_event
from estore.domain.identity import SellerProfile
from estore.domain.ids import new_id
from estore.domain.tags import Tag, normalize_tags
from estore.domain.validation import validation_error
from estore.errors import Conflict, DomainError, Forbidden, NotFound, Unavailable, ValidationFailed
from estore.observability import logger, metrics
from estore.services import catalog_views as views
from estore.services.idempotent import first_answer
from estore.services.product_workflow import IDEMPOTENCY_SCOPE, new_draft
from estore.store import catalog as store
from estore.store import idempotency, keys
from estore.store import identity as identity_store
from estore.store import images as image_store
from estore.store.ports import Sellers
from estore.store.uow import MAX_ITEMS, UnitOfWork

MAX_BATCH = 25
# What a product is: once other sellers offer it, these are theirs too.
SHARED_FIELDS = ("title", "brand", "category")


def active_seller(principal: Principal, sellers: Sellers = identity_store) -> SellerProfile:
    """The caller's store; 403 when it has none or it is suspended."""
    profile = sellers.get_seller(principal.user_id)
    if profile is None:
        raise Forbidden("Open a store first (POST /sellers).", code="NOT_A_SELLER")
    if not identity_store.is_active_seller(profile):
        raise Forbidden("This store is suspended.", code="SELLER_SUSPENDED")
    return profile


def create_product(
    principal: Principal, request: NewProduct, *, idempotency_key: str | None, correlation_id: str
) -> Product:
    """Runs the CreateProduct workflow; with an Idempotency-Key, a retry returns the first product."""
    seller = active_seller(principal)
    key = idem.check_key(idempotency_key)
    record = None
    if key:
        fingerprint = idem.fingerprint(request.model_dump(mode="json", by_alias=True))
        replay = _replay(principal.user_id, key, fingerprint)
        if replay is not None:
            return replay
        record = {"scope": IDEMPOTENCY_SCOPE, "key": key, "fingerprint": fingerprint}
    draft = new_draft(
        request=request,
        product_id=new_id(),
        offer_id=new_id(),
        seller_id=seller.id,
        seller_name=seller.store_name,
        now=clock.iso(clock.now()),
        correlation_id=correlation_id,
        idempotency_record=record,
    )
    machine = get_settings().require("create_product_state_machine_arn")
    try:
        output = workflows.run_sync(machine, draft)
    except workflows.WorkflowFailed as failure:
        # Nothing was written (the workflow commits last, in one transaction): safe to retry.
        logger.error("create product workflow failed", extra={"reason": str(failure)})
        raise Unavailable(
            "Creating the product failed; nothing was saved. Retry with the same Idempotency-Key.",
            code="WORKFLOW_FAILED",
        ) from failure
    except Conflict as conflict:
        if key and conflict.code == idempotency.REPLAYED:  # a concurrent retry committed first
            replay = _replay(principal.user_id, key, str(record and record["fingerprint"]))
            if replay is not None:
                return replay
        raise
    metrics.add_metric(name="ProductsCreated", unit="Count", value=1)
    logger.info("product created", extra={"product_id": draft["productId"]})
    return views.full(output["product"], [store.to_offer(output["offer"])])


def _replay(owner: str, key: str, fingerprint: str) -> Product | None:
    answer = first_answer(IDEMPOTENCY_SCOPE, owner, key, fingerprint)
    return None if answer is None else views.product_page(answer["productId"])


def create_products(
    principal: Principal, rows: list[Any], *, idempotency_key: str | None, correlation_id: str
) -> list[dict[str, Any]]:
    """POST /products/batch: each row through the same workflow; one bad row does not sink the others."""
    if not 1 <= len(rows) <= MAX_BATCH:
        raise ValidationFailed.field("products", f"send 1 to {MAX_BATCH} products")
    key = idem.check_key(idempotency_key)
    active_seller(principal)
    results: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        try:
            request = NewProduct.model_validate(row)
            product = create_product(
                principal,
                request,
                idempotency_key=f"{key}.{index}" if key else None,
                correlation_id=correlation_id,
            )
            results.append({"index": index, "status": 201, "product": product.model_dump(mode="json")})
        except ValidationError as error:
            results.append({"index": index, "status": 422, "error": validation_error(error).to_dict()})
        except DomainError as error:
            results.append({"index": index, "status": error.status, "error": error.to_dict()})
    return results


def _own_product(principal: Principal, product_id: str) -> dict[str, Any]:
    product = store.get_product_or_404(product_id)
    if product["sellerId"] != principal.user_id:
        raise Forbidden("You can only change your own products.")
    return product


def _other_sellers_offers(product: dict[str, Any]) -> list[Offer]:
    """Offers on the product by sellers other than its owner: while there are any, the product is shared."""
    return [offer for offer in store.product_offers(product["id"]) if offer.seller_id != product["sellerId"]]


def update_product(principal: Principal, product_id: str, changes: ProductChanges, *, correlation_id: str) -> Product:
    """PATCH: fields given replace the old; tags and imageIds replace the whole set, in one transaction.

    Its owner changes its own product; while other sellers offer it, what it is (title, brand, category)
    is theirs too, so only an admin may change that (409 PRODUCT_SHARED for the owner).
    """
    admin = principal.has(Role.ADMINS)
    product = store.get_product_or_404(product_id) if admin else _own_product(principal, product_id)
    if not admin:
        active_seller(principal)
    fields = changes.model_dump(exclude_unset=True, exclude={"tags", "image_ids"})
    renamed = sorted(name for name in SHARED_FIELDS if name in fields and fields[name] != product.get(name))
    if renamed and not admin and _other_sellers_offers(product):
        raise Conflict(
            f"Other sellers offer this product: its {', '.join(renamed)} can no longer be changed (ask an admin).",
            code="PRODUCT_SHARED",
            details=[{"field": name, "message": "shared with other sellers' offers"} for name in renamed],
        )
    uow = UnitOfWork(get_settings().table_name)
    updated = {**product, **fields}
    if changes.tags is not None:
        updated["tags"] = _replace_tags(uow, product, changes.tags)
    if changes.image_ids is not None:
        # Images come from the owner's library, whoever edits (an admin has no library of its own).
        updated["images"] = _replace_images(uow, product["sellerId"], product, changes.image_ids)
    updated.update(updatedAt=clock.iso(clock.now()), version=int(product["version"]) + 1, correlationId=correlation_id)
    uow.put(
        store.product_item(updated),
        condition="version = :version",
        values={":version": product["version"]},
        on_condition_failed=Conflict("The product changed while you edited it; reload and retry.", code="STALE"),
    )
    uow.emit(product_event("ProductUpdated", updated, correlation_id=correlation_id))
    uow.commit()
    return views.product_page(product_id)


def _replace_tags(uow: UnitOfWork, product: dict[str, Any], raw_tags: list[str]) -> list[str]:
    wanted = [Tag(slug=slug, name=name) for slug, name in normalize_tags(raw_tags)]
    old = set(product.get("tags", []))
    for slug in old - {tag.slug for tag in wanted}:
        store.unlink_tag(uow, product["id"], slug)
        store.count_tag(uow, Tag(slug=slug, name=slug), -1)
    for tag in wanted:
        if tag.slug not in old:
            store.link_tag(uow, product["id"], tag)
            store.count_tag(uow, tag, +1)
    return [tag.slug for tag in wanted]


def _replace_images(
    uow: UnitOfWork, owner_id: str, product: dict[str, Any], image_ids: list[str]
) -> list[dict[str, Any]]:
    found = image_store.get_images(image_ids)
    details = [
        {"field": f"imageIds.{index}", "message": f"no READY image {image_id} in your library"}
        for index, image_id in enumerate(image_ids)
        if image_id not in found or found[image_id].owner_id != owner_id or found[image_id].status.value != "READY"
    ]
    if details:
        raise ValidationFailed("Some images cannot be used.", details=details)
    old = {image["id"] for image in product.get("images", [])}
    for image_id in old - set(image_ids):
        store.unlink_image(uow, product["id"], image_id)
    for position, image_id in enumerate(image_ids):
        store.link_image(uow, product["id"], image_id, position)
        gone = ValidationFailed.field(f"imageIds.{position}", f"image {image_id} is no longer usable")
        image_store.require_usable(uow, image_id, owner_id, gone)
    return [{"id": image_id, "contentKey": found[image_id].content_key} for image_id in image_ids]


def delete_product(product_id: str, *, correlation_id: str, principal: Principal | None = None) -> None:
    """Removes the product, its links, tag counts and offers. With a principal: own products only, and
    while other sellers offer it only the owner's own offers are withdrawn (the product stays for theirs).
    """
    product = _own_product(principal, product_id) if principal else store.get_product_or_404(product_id)
    if principal:
        active_seller(principal)
    if principal and _other_sellers_offers(product):
        _withdraw_own_offers(product, correlation_id)
        return
    table = get_settings().table_name
    uow = UnitOfWork(table)
    uow.delete(
        keys.product(product_id),
        condition="version = :version",
        values={":version": product["version"]},
        on_condition_failed=Conflict("The product changed meanwhile; retry.", code="STALE"),
    )
    if product.get("sku"):  # frees the sku: importing it again lists a new product
        uow.delete(keys.sku_claim(product["sellerId"], product["sku"]))
    for slug in product.get("tags", []):
        store.unlink_tag(uow, product_id, slug)
        store.count_tag(uow, Tag(slug=slug, name=slug), -1)
    for image in product.get("images", []):
        store.unlink_image(uow, product_id, image["id"])
    uow.emit(product_event("ProductDeleted", product, correlation_id=correlation_id))
    offers = store.product_offers(product_id)
    fits = (MAX_ITEMS - len(uow)) // store.ITEMS_PER_OFFER
    for offer in offers[:fits]:
        store.remove_offer(uow, offer)
    uow.commit()
    # More offers than one transaction holds: the product is already gone, so its remaining offers
    # (useless without it) follow in further transactions.
    per_transaction = MAX_ITEMS // store.ITEMS_PER_OFFER
    for start in range(fits, len(offers), per_transaction):
        rest = UnitOfWork(table)
        for offer in offers[start : start + per_transaction]:
            store.remove_offer(rest, offer)
        rest.commit()
    logger.info("product deleted", extra={"product_id": product_id, "offers": len(offers)})


def _withdraw_own_offers(product: dict[str, Any], correlation_id: str) -> None:
    own = [offer for offer in store.product_offers(product["id"]) if offer.seller_id == product["sellerId"]]
    per_transaction = MAX_ITEMS // (store.ITEMS_PER_OFFER + 1)  # the offer, its claim and its event
    for start in range(0, len(own), per_transaction):
        uow = UnitOfWork(get_settings().table_name)
        for offer in own[start : start + per_transaction]:
            store.remove_offer(uow, offer)
            event = offer_changed(
                offer.model_dump(mode="json", by_alias=True), "deleted", correlation_id=correlation_id
            )
            uow.emit(event)
        uow.commit()
    logger.info(
        "shared product kept; owner's offers withdrawn", extra={"product_id": product["id"], "offers": len(own)}
    )


def get_product(product_id: str) -> Product:
    return views.product_page(product_id)


def require_found(product_id: str) -> None:
    if store.get_product(product_id) is None:
        raise NotFound(f"No product {product_id}.")
