"""GET /sellers/me/products: the caller's products, newest first."""

from estore.domain.catalog import ProductSummary
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Limit, Seller, entrypoint, make_resolver
from estore.services.seller_lists import my_products

app = make_resolver()


@app.get("/sellers/me/products", summary="My products", tags=["catalog"])
def list_my_products(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, seller: Seller) -> Page[ProductSummary]:
    return my_products(seller, limit, cursor)


lambda_handler = entrypoint(app)
