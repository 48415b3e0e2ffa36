"""POST /products/{productId}/reviews: a customer who bought the product reviews it, once."""

from aws_lambda_powertools.event_handler import Response

from estore.auth import Role
from estore.domain.reviews import NewProductReview, Review
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.reviews import post_product_review

app = make_resolver()


@app.post(
    "/products/<productId>/reviews",
    summary="Review a product you bought",
    tags=["reviews"],
    responses={201: {"description": "Review posted"}},
)
def review_product(productId: str, request: NewProductReview) -> Response[Review]:
    principal = caller(app, Role.CUSTOMERS)
    return created(post_product_review(principal, productId, request, correlation_id=current_correlation_id(app)))


lambda_handler = entrypoint(app)
