"""GET /sellers/{sellerId}/reviews: the seller's reviews, newest first (public)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.domain.pagination import Page
from estore.domain.reviews import Review, ReviewKind
from estore.http import entrypoint, make_resolver
from estore.services.reviews import reviews_of

app = make_resolver()


@app.get("/sellers/<sellerId>/reviews", summary="A seller's reviews, newest first", tags=["reviews"])
def list_seller_reviews(
    sellerId: str,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[Review]:
    return reviews_of(ReviewKind.SELLER, sellerId, limit, cursor)


lambda_handler = entrypoint(app)
