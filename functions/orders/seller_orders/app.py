"""GET /sellers/me/orders: the caller's sales - its lines of each order, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.orders import SellerSale
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.orders import my_sales

app = make_resolver()


@app.get("/sellers/me/orders", summary="My sales", tags=["orders"])
def list_sales(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[SellerSale]:
    return my_sales(caller(app, Role.SELLERS), limit, cursor)


lambda_handler = entrypoint(app)
