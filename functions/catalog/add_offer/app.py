"""POST /products/{productId}/offers: another seller offers the same product (new, used or refurbished)."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.catalog import Offer, OfferInput
from estore.http import CorrelationId, Seller, created, entrypoint, make_resolver
from estore.services.offers import add_offer

app = make_resolver()


@app.post(
    "/products/<productId>/offers",
    summary="Offer a product",
    tags=["catalog"],
    responses={201: {"description": "Created"}},
)
def post_offer(
    productId: str, request: OfferInput, *, seller: Seller, correlation_id: CorrelationId
) -> Response[Offer]:
    offer = add_offer(seller, productId, request, correlation_id=correlation_id)
    return created(offer)


lambda_handler = entrypoint(app)
