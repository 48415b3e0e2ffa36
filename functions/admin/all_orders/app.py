"""GET /admin/orders: every order, newest first (admins)."""

from estore.domain.orders import Order
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Admin, Cursor, Limit, entrypoint, make_resolver
from estore.services.admin import orders

app = make_resolver()


@app.get("/admin/orders", summary="All orders", tags=["admin"])
def list_orders(limit: Limit = PAGE_SIZE, cursor: Cursor = None, *, _admin: Admin) -> Page[Order]:
    return orders(limit, cursor)


lambda_handler = entrypoint(app)
