"""GET /sellers/me/offers: the caller's offers, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.auth import Role
from estore.domain.catalog import Offer
from estore.domain.pagination import Page
from estore.http import caller, entrypoint, make_resolver
from estore.services.seller_lists import my_offers

app = make_resolver()


@app.get("/sellers/me/offers", summary="My offers", tags=["catalog"])
def list_my_offers(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[Offer]:
    return my_offers(caller(app, Role.SELLERS), limit, cursor)


lambda_handler = entrypoint(app)
