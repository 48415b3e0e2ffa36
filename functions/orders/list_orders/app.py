"""GET /orders: the caller's orders, newest first."""

from estore.domain.orders import Order
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Customer, Limit, entrypoint, make_resolver
from estore.services.orders import my_orders

app = make_resolver()


@app.get("/orders", summary="My orders", tags=["orders"])
def list_orders(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, customer: Customer) -> Page[Order]:
    return my_orders(customer, limit, cursor)


lambda_handler = entrypoint(app)
