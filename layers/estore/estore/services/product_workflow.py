"""The CreateProduct workflow's steps, in the seed's words. Each step adds writes to the draft's unit of
work; the last one commits them all in one TransactWriteItems, so a half-made product never exists.

A draft is plain JSON (it travels between Step Functions states):
  {"productId", "offerId", "sellerId", "sellerName", "now", "correlationId", "request": NewProduct (camelCase),
   "idempotency": {"scope", "key", "fingerprint"} | null, "hasImages", "hasTags",
   "product": {...}, "offer": {...}, "images": [...], "tags": [...], "uow": UnitOfWork.to_dict()}
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from estore.config import get_settings
from estore.domain.catalog import Condition, NewProduct, offer_claim
from estore.domain.events import offer_changed, product_event
from estore.domain.images import ImageStatus
from estore.domain.tags import Tag, normalize_tags
from estore.errors import Conflict, DomainError, ValidationFailed
from estore.observability import logger
from estore.store import catalog as store
from estore.store import idempotency
from estore.store import images as image_store
from estore.store.uow import UnitOfWork
from estore.workflows import StepRejected

Draft = dict[str, Any]
IDEMPOTENCY_SCOPE = "create-product"


def new_draft(
    *,
    request: NewProduct,
    product_id: str,
    offer_id: str,
    seller_id: str,
    seller_name: str,
    now: str,
    correlation_id: str,
    idempotency_record: dict[str, str] | None,
) -> Draft:
    return {
        "productId": product_id,
        "offerId": offer_id,
        "sellerId": seller_id,
        "sellerName": seller_name,
        "now": now,
        "correlationId": correlation_id,
        "request": request.model_dump(mode="json", by_alias=True),
        "idempotency": idempotency_record,
        "hasImages": bool(request.image_ids),
        "hasTags": bool(request.tags),
    }


def _uow(draft: Draft) -> UnitOfWork:
    if "uow" in draft:
        return UnitOfWork.from_dict(draft["uow"])
    return UnitOfWork(get_settings().table_name)


def _with(draft: Draft, uow: UnitOfWork, **changes: Any) -> Draft:
    return {**draft, **changes, "uow": uow.to_dict()}


def create_product(draft: Draft) -> Draft:
    """Create Product: the product and its first offer, checked against the store's rules."""
    request = NewProduct.model_validate(draft["request"])
    currency = get_settings().currency
    if request.offer.price.currency != currency:
        raise ValidationFailed.field("offer.price.currency", f"this store sells in {currency}")
    offer = request.offer
    product = {
        "id": draft["productId"],
        "title": request.title,
        "description": request.description,
        "brand": request.brand,
        "category": request.category,
        "tags": [],
        "images": [],
        "sellerId": draft["sellerId"],
        "createdAt": draft["now"],
        "updatedAt": draft["now"],
        "version": 1,
        "correlationId": draft["correlationId"],
    }
    offer_data = {
        "id": draft["offerId"],
        "productId": draft["productId"],
        "sellerId": draft["sellerId"],
        "sellerName": draft["sellerName"],
        "condition": offer.condition.value,
        "conditionNote": offer.condition_note,
        "price": offer.price.model_dump(mode="json"),
        "stock": offer.stock,
        "variant": offer.variant,
        "correlationId": draft["correlationId"],
    }
    uow = _uow(draft)
    claim = offer_claim(draft["productId"], draft["sellerId"], Condition(offer.condition), offer.variant)
    store.add_offer(uow, offer_data, claim, draft["now"], Conflict("You already offer this.", code="OFFER_EXISTS"))
    if request.sku:
        product["sku"] = request.sku
        taken = Conflict(f"You already have a product with sku {request.sku}.", code="SKU_TAKEN")
        store.claim_sku(uow, draft["sellerId"], request.sku, draft["productId"], draft["offerId"], taken)
    return _with(draft, uow, product=product, offer=offer_data)


def create_images(draft: Draft) -> Draft:
    """Create images (or get them): the product may only show READY images from the seller's library."""
    image_ids: list[str] = draft["request"]["imageIds"]
    found = image_store.get_images(image_ids)
    details = []
    for index, image_id in enumerate(image_ids):
        record = found.get(image_id)
        if record is None or record.owner_id != draft["sellerId"]:
            details.append({"field": f"imageIds.{index}", "message": f"no image {image_id} in your library"})
        elif record.status is not ImageStatus.READY or not record.content_key:
            details.append({"field": f"imageIds.{index}", "message": f"image {image_id} is {record.status.value}"})
    if details:
        raise ValidationFailed("Some images cannot be used.", details=details)
    images = [{"id": image_id, "contentKey": found[image_id].content_key} for image_id in image_ids]
    return {**draft, "images": images}


def add_images_to_product(draft: Draft) -> Draft:
    """Add images to products: links, each conditional on the image still being READY and the seller's."""
    uow = _uow(draft)
    for position, image in enumerate(draft["images"]):
        store.link_image(uow, draft["productId"], image["id"], position)
        gone = ValidationFailed.field(f"imageIds.{position}", f"image {image['id']} is no longer usable")
        image_store.require_usable(uow, image["id"], draft["sellerId"], gone)
    product = {**draft["product"], "images": draft["images"]}
    return _with(draft, uow, product=product)


def create_tags(draft: Draft) -> Draft:
    """Create tags: get-or-create each tag inside the transaction, counting the product in."""
    tags = [Tag(slug=slug, name=name) for slug, name in normalize_tags(draft["request"]["tags"])]
    uow = _uow(draft)
    for tag in tags:
        store.count_tag(uow, tag, +1)
    return _with(draft, uow, tags=[tag.model_dump() for tag in tags])


def add_tags_to_product(draft: Draft) -> Draft:
    """Add tags to products: each tag lists the product; the product lists its tags."""
    uow = _uow(draft)
    for tag in draft["tags"]:
        store.link_tag(uow, draft["productId"], Tag.model_validate(tag))
    product = {**draft["product"], "tags": [tag["slug"] for tag in draft["tags"]]}
    return _with(draft, uow, product=product)


def commit_product(draft: Draft) -> Draft:
    """Every write of the workflow in one TransactWriteItems: the product appears whole, or not at all."""
    uow = _uow(draft)
    store.add_product(uow, draft["product"])
    uow.emit(product_event("ProductCreated", draft["product"], correlation_id=draft["correlationId"]))
    uow.emit(offer_changed(draft["offer"], "created", correlation_id=draft["correlationId"]))
    record = draft.get("idempotency")
    if record:
        epoch = int(datetime.fromisoformat(draft["now"].replace("Z", "+00:00")).timestamp())
        result = {"productId": draft["productId"]}
        idempotency.add_record(
            uow, record["scope"], draft["sellerId"], record["key"], record["fingerprint"], result, epoch
        )
    uow.commit()
    return {"product": draft["product"], "offer": draft["offer"]}


def run_in_process(draft: Draft, before_commit: Callable[[UnitOfWork], None] | None = None) -> Draft:
    """The CreateProduct machine's path, step for step, in this process: a bulk import's batch creates its
    rows here rather than starting an Express execution per row. `before_commit` may add writes (an
    import's row outcome) to the product's one transaction."""
    draft = create_product(draft)
    if draft["hasImages"]:
        draft = add_images_to_product(create_images(draft))
    if draft["hasTags"]:
        draft = add_tags_to_product(create_tags(draft))
    if before_commit is not None:
        uow = _uow(draft)
        before_commit(uow)
        draft = _with(draft, uow)
    return commit_product(draft)


STEPS: dict[str, Callable[[Draft], Draft]] = {
    "CreateProduct": create_product,
    "CreateImages": create_images,
    "AddImagesToProduct": add_images_to_product,
    "CreateTags": create_tags,
    "AddTagsToProduct": add_tags_to_product,
    "CommitProduct": commit_product,
}


def run_step(step: str, draft: Draft) -> Draft:
    """One Lambda task of the machine. A domain error is the caller's mistake, not a failure: it becomes
    StepRejected, which ends the execution so that the API answers the 4xx."""
    try:
        return STEPS[step](draft)
    except DomainError as error:
        logger.info("step rejected", extra={"code": error.code})
        raise StepRejected(error) from error
