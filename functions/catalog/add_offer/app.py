"""POST /products/{productId}/offers: another seller offers the same product (new, used or refurbished)."""

from aws_lambda_powertools.event_handler import Response

from estore.auth import Role
from estore.domain.catalog import Offer, OfferInput
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.offers import add_offer

app = make_resolver()


@app.post(
    "/products/<productId>/offers",
    summary="Offer a product",
    tags=["catalog"],
    responses={201: {"description": "Created"}},
)
def post_offer(productId: str, request: OfferInput) -> Response[Offer]:
    offer = add_offer(caller(app, Role.SELLERS), productId, request, correlation_id=current_correlation_id(app))
    return created(offer)


lambda_handler = entrypoint(app)
