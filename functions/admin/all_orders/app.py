"""GET /admin/orders: every order, newest first (admins)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.orders import Order
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.admin import orders

app = make_resolver()


@app.get("/admin/orders", summary="All orders", tags=["admin"])
def list_orders(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[Order]:
    caller(app, Role.ADMINS)
    return orders(limit, cursor)


lambda_handler = entrypoint(app)
