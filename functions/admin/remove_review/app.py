"""DELETE /admin/reviews/{reviewId}: an admin removes any review; its aggregate follows."""

from aws_lambda_powertools.event_handler import Response

from estore.http import Admin, CorrelationId, entrypoint, make_resolver
from estore.services.reviews import remove_review

app = make_resolver()


@app.delete(
    "/admin/reviews/<reviewId>", summary="Remove any review", tags=["admin"], responses={204: {"description": "Gone"}}
)
def remove_any_review(reviewId: str, *, admin: Admin, correlation_id: CorrelationId) -> Response[None]:
    remove_review(admin, reviewId, correlation_id=correlation_id)
    return Response(status_code=204)


lambda_handler = entrypoint(app)
