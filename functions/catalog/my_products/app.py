"""GET /sellers/me/products: the caller's products, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.catalog import ProductSummary
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.seller_lists import my_products

app = make_resolver()


@app.get("/sellers/me/products", summary="My products", tags=["catalog"])
def list_my_products(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[ProductSummary]:
    return my_products(caller(app, Role.SELLERS), limit, cursor)


lambda_handler = entrypoint(app)
