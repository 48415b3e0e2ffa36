"""PATCH /offers/{offerId}: price, stock or condition note of the caller's own offer."""

from estore.auth import Role
from estore.domain.catalog import Offer, OfferChanges
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.offers import update_offer

app = make_resolver()


@app.patch("/offers/<offerId>", summary="Change an offer", tags=["catalog"])
def patch_offer(offerId: str, changes: OfferChanges) -> Offer:
    return update_offer(caller(app, Role.SELLERS), offerId, changes, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
