"""Reviews: a verified buyer reviews a product once; a customer rates each seller once per order; the
author edits or deletes their own; an admin removes any. Every change moves its aggregate in the same
transaction as the review itself."""

from __future__ import annotations

from estore import clock
from estore.auth import Principal
from estore.config import get_settings
from estore.domain.events import DomainEvent, Source, new_event
from estore.domain.ids import new_id
from estore.domain.pagination import Page
from estore.domain.reviews import (
    NewProductReview,
    NewSellerReview,
    RatingSummary,
    Review,
    ReviewChanges,
    ReviewKind,
    delta,
)
from estore.errors import Conflict, Forbidden, NotFound, ValidationFailed
from estore.observability import logger
from estore.services.paging import paged
from estore.store import catalog as catalog_store
from estore.store import identity as identity_store
from estore.store import orders as orders_store
from estore.store import reviews as store
from estore.store.uow import UnitOfWork


def _not_a_buyer_of_product() -> Forbidden:
    return Forbidden("Only a customer who bought this product may review it.", code="NOT_A_BUYER")


def _not_a_buyer_from_seller() -> Forbidden:
    return Forbidden("Rate a seller on one of your orders with lines from that seller.", code="NOT_A_BUYER")


def _posted(review: Review, change: str, correlation_id: str) -> DomainEvent:
    detail = {
        "reviewId": review.id,
        "kind": review.kind.value,
        "subjectId": review.subject_id,
        "authorId": review.author_id,
        "rating": review.rating,
        "change": change,
    }
    return new_event(Source.IDENTITY, "ReviewPosted", detail, correlation_id=correlation_id)


def post_product_review(
    principal: Principal, product_id: str, request: NewProductReview, *, correlation_id: str
) -> Review:
    """Only with an order that has a line of the product (checked again inside the transaction)."""
    if catalog_store.get_product(product_id) is None:
        raise NotFound(f"No product {product_id}.")
    bought = store.order_with_product(principal.user_id, product_id)
    if bought is None:
        raise _not_a_buyer_of_product()
    order_id, line_index = bought
    now = clock.iso(clock.now())
    review = Review(
        id=new_id(),
        kind=ReviewKind.PRODUCT,
        subject_id=product_id,
        author_id=principal.user_id,
        order_id=None,
        rating=request.rating,
        title=request.title,
        text=request.text,
        created_at=now,
        updated_at=now,
    )
    uow = UnitOfWork(get_settings().table_name)
    store.add_review(
        uow, review, Conflict("You already reviewed this product; edit your review.", code="ALREADY_REVIEWED")
    )
    store.require_line(uow, order_id, principal.user_id, line_index, "productId", product_id, _not_a_buyer_of_product())
    store.require_product(uow, product_id)
    store.move_aggregate(
        uow, review.kind, product_id, delta(None, review.rating), NotFound(f"No product {product_id}.")
    )
    uow.emit(_posted(review, "created", correlation_id))
    uow.commit()
    logger.info("product reviewed", extra={"product_id": product_id, "review_id": review.id})
    return review


def post_seller_review(
    principal: Principal, seller_id: str, request: NewSellerReview, *, correlation_id: str
) -> Review:
    """Only for the caller's order that had lines from the seller; one per order and seller."""
    if identity_store.get_seller(seller_id) is None:
        raise NotFound(f"No seller {seller_id}.")
    order = orders_store.get_order(request.order_id)
    if order is None or order["customerId"] != principal.user_id:
        raise NotFound(f"No order {request.order_id}.")  # another customer's order is not revealed
    line_index = next((i for i, line in enumerate(order["lines"]) if line["sellerId"] == seller_id), None)
    if line_index is None:
        raise _not_a_buyer_from_seller()
    now = clock.iso(clock.now())
    review = Review(
        id=new_id(),
        kind=ReviewKind.SELLER,
        subject_id=seller_id,
        author_id=principal.user_id,
        order_id=request.order_id,
        rating=request.rating,
        title=None,
        text=request.text,
        created_at=now,
        updated_at=now,
    )
    uow = UnitOfWork(get_settings().table_name)
    taken = Conflict("You already rated this seller for this order; edit your review.", code="ALREADY_REVIEWED")
    store.add_review(uow, review, taken)
    store.require_line(
        uow, request.order_id, principal.user_id, line_index, "sellerId", seller_id, _not_a_buyer_from_seller()
    )
    store.move_aggregate(uow, review.kind, seller_id, delta(None, review.rating), NotFound(f"No seller {seller_id}."))
    uow.emit(_posted(review, "created", correlation_id))
    uow.commit()
    logger.info("seller reviewed", extra={"seller_id": seller_id, "review_id": review.id})
    return review


def _own(principal: Principal, review_id: str) -> tuple[Review, int]:
    found = store.get_review(review_id)
    if found is None:
        raise NotFound(f"No review {review_id}.")
    if found[0].author_id != principal.user_id:
        raise Forbidden("You can only change your own reviews.")
    return found


def edit_review(principal: Principal, review_id: str, changes: ReviewChanges, *, correlation_id: str) -> Review:
    review, version = _own(principal, review_id)
    given = {name: getattr(changes, name) for name in changes.model_fields_set if getattr(changes, name) is not None}
    if not given:
        raise ValidationFailed.field("rating", "send the rating, title or text to change")
    if "title" in given and review.kind is ReviewKind.SELLER:
        raise ValidationFailed.field("title", "feedback on a seller has no title")
    updated = review.model_copy(update={**given, "updated_at": clock.iso(clock.now())})
    uow = UnitOfWork(get_settings().table_name)
    store.replace_review(uow, updated, version)
    missing = NotFound(f"The {review.kind.value} of this review is gone.")
    store.move_aggregate(uow, review.kind, review.subject_id, delta(review.rating, updated.rating), missing)
    uow.emit(_posted(updated, "edited", correlation_id))
    uow.commit()
    return updated


def delete_own_review(principal: Principal, review_id: str, *, correlation_id: str) -> None:
    review, version = _own(principal, review_id)
    _remove(review, version, by=principal.user_id, reason="author", correlation_id=correlation_id)


def remove_review(admin: Principal, review_id: str, *, correlation_id: str) -> None:
    """DELETE /admin/reviews/{reviewId}: any review; its aggregate follows."""
    found = store.get_review(review_id)
    if found is None:
        raise NotFound(f"No review {review_id}.")
    _remove(*found, by=admin.user_id, reason="admin", correlation_id=correlation_id)
    logger.info("review removed by an admin", extra={"review_id": review_id, "admin": admin.user_id})


def _remove(review: Review, version: int, *, by: str, reason: str, correlation_id: str) -> None:
    uow = UnitOfWork(get_settings().table_name)
    store.remove_review(uow, review, version)
    if review.kind is ReviewKind.SELLER or catalog_store.get_product(review.subject_id) is not None:
        missing = NotFound(f"The {review.kind.value} of this review is gone.")
        store.move_aggregate(uow, review.kind, review.subject_id, delta(review.rating, None), missing)
    detail = {
        "reviewId": review.id,
        "kind": review.kind.value,
        "subjectId": review.subject_id,
        "authorId": review.author_id,
        "rating": review.rating,
        "by": by,
        "reason": reason,
    }
    uow.emit(new_event(Source.IDENTITY, "ReviewRemoved", detail, correlation_id=correlation_id))
    uow.commit()


def reviews_of(kind: ReviewKind, subject_id: str, limit: int, cursor: str | None) -> Page[Review]:
    """A product's reviews or a seller's feedback, newest first; the subject must exist."""
    exists = (
        catalog_store.get_product(subject_id) if kind is ReviewKind.PRODUCT else identity_store.get_seller(subject_id)
    )
    if exists is None:
        raise NotFound(f"No {kind.value} {subject_id}.")
    return paged(
        f"reviews-{kind.value}-{subject_id}",
        cursor,
        lambda start: store.page(kind, subject_id, limit, start),
        lambda reviews: reviews,
    )


def product_rating(product_id: str) -> RatingSummary:
    return store.product_tally(product_id).summary()
