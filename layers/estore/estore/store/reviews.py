"""Reviews in the table: the review, its uniqueness claim, the aggregate it moves, and the reads."""

from __future__ import annotations

from typing import Any

from estore.ddb.conditions import Key as K
from estore.domain.reviews import STARS, Delta, Review, ReviewKind, Tally
from estore.errors import Conflict, DomainError, NotFound
from estore.store import dynamo, keys
from estore.store.items import plain, query_page
from estore.store.uow import UnitOfWork

STALE = Conflict("The review changed meanwhile; reload and retry.", code="STALE")


def review_item(review: Review, version: int) -> dict[str, Any]:
    return {
        **keys.review(review.id),
        **keys.subject_reviews_index(review.kind.value, review.subject_id, review.created_at, review.id),
        "type": "REVIEW",
        "version": version,
        **review.model_dump(mode="json", by_alias=True),
    }


def claim_key(review: Review) -> dict[str, str]:
    scope = review.author_id if review.kind is ReviewKind.PRODUCT else str(review.order_id)
    return keys.review_claim(review.kind.value, review.subject_id, scope)


def aggregate_key(kind: ReviewKind, subject_id: str) -> dict[str, str]:
    return keys.product_rating(subject_id) if kind is ReviewKind.PRODUCT else keys.seller_profile(subject_id)


# ---------------------------------------------------------------- writes
def add_review(uow: UnitOfWork, review: Review, taken: DomainError) -> None:
    uow.put(review_item(review, 1), condition="attribute_not_exists(pk)")
    uow.put(
        {**claim_key(review), "type": "REVIEWCLAIM", "reviewId": review.id},
        condition="attribute_not_exists(pk)",
        on_condition_failed=taken,
    )


def replace_review(uow: UnitOfWork, review: Review, version: int) -> None:
    """The edited review, only over the version that was read."""
    uow.put(
        review_item(review, version + 1), condition="version = :v", values={":v": version}, on_condition_failed=STALE
    )


def remove_review(uow: UnitOfWork, review: Review, version: int) -> None:
    uow.delete(keys.review(review.id), condition="version = :v", values={":v": version}, on_condition_failed=STALE)
    uow.delete(claim_key(review))


def move_aggregate(uow: UnitOfWork, kind: ReviewKind, subject_id: str, moved: Delta, missing: DomainError) -> None:
    """ADDs the delta to the product's rating item (created on first review) or the seller's profile."""
    if moved.empty:
        return
    parts = ["rating_sum :total", "review_count :count"]
    values: dict[str, Any] = {":total": moved.total, ":count": moved.count}
    for star, change in sorted(moved.stars.items()):
        parts.append(f"stars_{star} :s{star}")
        values[f":s{star}"] = change
    expression = "ADD " + ", ".join(parts)
    if kind is ReviewKind.PRODUCT:
        uow.update(
            aggregate_key(kind, subject_id),
            expression + " SET #type = :type",
            names={"#type": "type"},
            values={**values, ":type": "RATING"},
        )
    else:  # the seller's profile must exist: feedback never creates a half profile
        uow.update(
            aggregate_key(kind, subject_id),
            expression,
            condition="attribute_exists(pk)",
            values=values,
            on_condition_failed=missing,
        )


def require_line(
    uow: UnitOfWork, order_id: str, customer_id: str, line_index: int, field: str, value: str, refused: DomainError
) -> None:
    """The order exists, is the customer's, and its line at `line_index` has `field` = value (productId or
    sellerId). Orders never change, so the line read before the transaction is the line checked in it."""
    uow.check(
        keys.order(order_id),
        f"customerId = :me AND #lines[{line_index}].#field = :value",
        names={"#lines": "lines", "#field": field},
        values={":me": customer_id, ":value": value},
        on_condition_failed=refused,
    )


def require_product(uow: UnitOfWork, product_id: str) -> None:
    uow.check(
        keys.product(product_id), "attribute_exists(pk)", on_condition_failed=NotFound(f"No product {product_id}.")
    )


# ---------------------------------------------------------------- reads
def get_review(review_id: str) -> tuple[Review, int] | None:
    item = dynamo.table().get_item(Key=keys.review(review_id), ConsistentRead=True).get("Item")
    if not item:
        return None
    data = plain(item)
    return Review.model_validate(data), int(data["version"])


def page(
    kind: ReviewKind, subject_id: str, limit: int, start: dict[str, Any] | None
) -> tuple[list[Review], dict[str, Any] | None]:
    items, position = query_page(
        keys.subject_reviews_partition(kind.value, subject_id), index="gsi1", limit=limit, start=start
    )
    return [Review.model_validate(item) for item in items], position


def tally_of(item: dict[str, Any] | None) -> Tally:
    data = plain(item) if item else {}
    return Tally(
        total=int(data.get("rating_sum", 0)),
        count=int(data.get("review_count", 0)),
        stars={star: int(data.get(f"stars_{star}", 0)) for star in STARS},
    )


def product_tally(product_id: str) -> Tally:
    return tally_of(dynamo.table().get_item(Key=keys.product_rating(product_id), ConsistentRead=True).get("Item"))


def seller_tally(seller_id: str) -> Tally:
    return tally_of(dynamo.table().get_item(Key=keys.seller_profile(seller_id), ConsistentRead=True).get("Item"))


def order_with_product(customer_id: str, product_id: str) -> tuple[str, int] | None:
    """The customer's newest order with a line of the product, and that line's index; None if never bought."""
    query: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": K("gsi1pk").eq(keys.customer_orders_partition(customer_id)),
        "ScanIndexForward": False,
        "ProjectionExpression": "id, #lines",
        "ExpressionAttributeNames": {"#lines": "lines"},
    }
    while True:
        answer = dynamo.table().query(**query)
        for order in answer["Items"]:
            for index, line in enumerate(order.get("lines") or []):
                if line.get("productId") == product_id:
                    return str(order["id"]), index
        if "LastEvaluatedKey" not in answer:
            return None
        query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def all_reviews(kind: ReviewKind, subject_id: str) -> list[Review]:
    """Every review of a subject (for tests and repairs; never on a request path)."""
    reviews: list[Review] = []
    start = None
    while True:
        found, start = page(kind, subject_id, 100, start)
        reviews.extend(found)
        if start is None:
            return reviews
