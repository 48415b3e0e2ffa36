"""DELETE /offers/{offerId}: the caller withdraws its own offer."""

from aws_lambda_powertools.event_handler import Response

from estore.http import CorrelationId, Seller, entrypoint, make_resolver
from estore.services.offers import delete_offer

app = make_resolver()


@app.delete(
    "/offers/<offerId>", summary="Withdraw an offer", tags=["catalog"], responses={204: {"description": "Gone"}}
)
def remove_offer(offerId: str, *, seller: Seller, correlation_id: CorrelationId) -> Response[None]:
    delete_offer(seller, offerId, correlation_id=correlation_id)
    return Response(status_code=204)


lambda_handler = entrypoint(app)
