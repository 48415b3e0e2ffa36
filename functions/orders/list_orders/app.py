"""GET /orders: the caller's orders, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.orders import Order
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.orders import my_orders

app = make_resolver()


@app.get("/orders", summary="My orders", tags=["orders"])
def list_orders(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[Order]:
    return my_orders(caller(app, Role.CUSTOMERS), limit, cursor)


lambda_handler = entrypoint(app)
