"""GET /products/{productId}/reviews: the product's reviews, newest first (public)."""

from estore.domain.pagination import Page
from estore.domain.reviews import Review, ReviewKind
from estore.http import PAGE_SIZE, Cursor, Limit, entrypoint, make_resolver
from estore.services.reviews import reviews_of

app = make_resolver()


@app.get("/products/<productId>/reviews", summary="A product's reviews, newest first", tags=["reviews"])
def list_product_reviews(
    productId: str,
    limit: Limit = PAGE_SIZE,
    cursor: Cursor = None,
) -> Page[Review]:
    return reviews_of(ReviewKind.PRODUCT, productId, limit, cursor)


lambda_handler = entrypoint(app)
