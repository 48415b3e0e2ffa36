"""GET /sellers/me/orders: the caller's sales - its lines of each order, newest first."""

from estore.domain.orders import SellerSale
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Limit, Seller, entrypoint, make_resolver
from estore.services.orders import my_sales

app = make_resolver()


@app.get("/sellers/me/orders", summary="My sales", tags=["orders"])
def list_sales(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, seller: Seller) -> Page[SellerSale]:
    return my_sales(seller, limit, cursor)


lambda_handler = entrypoint(app)
