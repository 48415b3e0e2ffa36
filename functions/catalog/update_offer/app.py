"""PATCH /offers/{offerId}: price, stock or condition note of the caller's own offer."""

from estore.domain.catalog import Offer, OfferChanges
from estore.http import CorrelationId, Seller, entrypoint, make_resolver
from estore.services.offers import update_offer

app = make_resolver()


@app.patch("/offers/<offerId>", summary="Change an offer", tags=["catalog"])
def patch_offer(offerId: str, changes: OfferChanges, *, seller: Seller, correlation_id: CorrelationId) -> Offer:
    return update_offer(seller, offerId, changes, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
