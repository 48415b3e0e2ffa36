"""POST /sellers/{sellerId}/reviews: feedback on a seller for one of the caller's orders with its lines."""

from aws_lambda_powertools.event_handler import Response

from estore.auth import Role
from estore.domain.reviews import NewSellerReview, Review
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.reviews import post_seller_review

app = make_resolver()


@app.post(
    "/sellers/<sellerId>/reviews",
    summary="Rate a seller for an order",
    tags=["reviews"],
    responses={201: {"description": "Feedback posted"}},
)
def review_seller(sellerId: str, request: NewSellerReview) -> Response[Review]:
    principal = caller(app, Role.CUSTOMERS)
    return created(post_seller_review(principal, sellerId, request, correlation_id=current_correlation_id(app)))


lambda_handler = entrypoint(app)
