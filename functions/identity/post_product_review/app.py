"""POST /products/{productId}/reviews: a customer who bought the product reviews it, once."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.reviews import NewProductReview, Review
from estore.http import CorrelationId, Customer, created, entrypoint, make_resolver
from estore.services.reviews import post_product_review

app = make_resolver()


@app.post(
    "/products/<productId>/reviews",
    summary="Review a product you bought",
    tags=["reviews"],
    responses={201: {"description": "Review posted"}},
)
def review_product(
    productId: str, request: NewProductReview, *, customer: Customer, correlation_id: CorrelationId
) -> Response[Review]:
    return created(post_product_review(customer, productId, request, correlation_id=correlation_id))


lambda_handler = entrypoint(app)
