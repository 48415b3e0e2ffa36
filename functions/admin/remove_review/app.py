"""DELETE /admin/reviews/{reviewId}: an admin removes any review; its aggregate follows."""

from aws_lambda_powertools.event_handler import Response

from estore.auth import Role
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.reviews import remove_review

app = make_resolver()


@app.delete(
    "/admin/reviews/<reviewId>", summary="Remove any review", tags=["admin"], responses={204: {"description": "Gone"}}
)
def remove_any_review(reviewId: str) -> Response[None]:
    remove_review(caller(app, Role.ADMINS), reviewId, correlation_id=current_correlation_id(app))
    return Response(status_code=204)


lambda_handler = entrypoint(app)
