"""DELETE /offers/{offerId}: the caller withdraws its own offer."""

from aws_lambda_powertools.event_handler import Response

from estore.auth import Role
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.offers import delete_offer

app = make_resolver()


@app.delete(
    "/offers/<offerId>", summary="Withdraw an offer", tags=["catalog"], responses={204: {"description": "Gone"}}
)
def remove_offer(offerId: str) -> Response[None]:
    delete_offer(caller(app, Role.SELLERS), offerId, correlation_id=current_correlation_id(app))
    return Response(status_code=204)


lambda_handler = entrypoint(app)
