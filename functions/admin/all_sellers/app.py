"""GET /admin/sellers: every store, newest first (admins)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.identity import SellerProfile
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.admin import sellers

app = make_resolver()


@app.get("/admin/sellers", summary="All sellers", tags=["admin"])
def list_sellers(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[SellerProfile]:
    caller(app, Role.ADMINS)
    return sellers(limit, cursor)


lambda_handler = entrypoint(app)
