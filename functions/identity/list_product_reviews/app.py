"""GET /products/{productId}/reviews: the product's reviews, newest first (public)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.domain.pagination import Page
from estore.domain.reviews import Review, ReviewKind
from estore.http import entrypoint, make_resolver
from estore.services.reviews import reviews_of

app = make_resolver()


@app.get("/products/<productId>/reviews", summary="A product's reviews, newest first", tags=["reviews"])
def list_product_reviews(
    productId: str,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[Review]:
    return reviews_of(ReviewKind.PRODUCT, productId, limit, cursor)


lambda_handler = entrypoint(app)
