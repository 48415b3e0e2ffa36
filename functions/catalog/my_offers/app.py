"""GET /sellers/me/offers: the caller's offers, newest first."""

from estore.domain.catalog import Offer
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Limit, Seller, entrypoint, make_resolver
from estore.services.seller_lists import my_offers

app = make_resolver()


@app.get("/sellers/me/offers", summary="My offers", tags=["catalog"])
def list_my_offers(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, seller: Seller) -> Page[Offer]:
    return my_offers(seller, limit, cursor)


lambda_handler = entrypoint(app)
