"""DELETE /reviews/{reviewId}: the author withdraws their review; its aggregate follows."""

from aws_lambda_powertools.event_handler import Response

from estore.http import CorrelationId, Customer, entrypoint, make_resolver
from estore.services.reviews import delete_own_review

app = make_resolver()


@app.delete(
    "/reviews/<reviewId>", summary="Delete your review", tags=["reviews"], responses={204: {"description": "Gone"}}
)
def remove_own_review(reviewId: str, *, customer: Customer, correlation_id: CorrelationId) -> Response[None]:
    delete_own_review(customer, reviewId, correlation_id=correlation_id)
    return Response(status_code=204)


lambda_handler = entrypoint(app)
