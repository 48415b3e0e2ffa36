"""POST /sellers/{sellerId}/reviews: feedback on a seller for one of the caller's orders with its lines."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.reviews import NewSellerReview, Review
from estore.http import CorrelationId, Customer, created, entrypoint, make_resolver
from estore.services.reviews import post_seller_review

app = make_resolver()


@app.post(
    "/sellers/<sellerId>/reviews",
    summary="Rate a seller for an order",
    tags=["reviews"],
    responses={201: {"description": "Feedback posted"}},
)
def review_seller(
    sellerId: str, request: NewSellerReview, *, customer: Customer, correlation_id: CorrelationId
) -> Response[Review]:
    return created(post_seller_review(customer, sellerId, request, correlation_id=correlation_id))


lambda_handler = entrypoint(app)
