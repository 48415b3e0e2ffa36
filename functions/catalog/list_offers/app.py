"""GET /products/{productId}/offers: "Other sellers" - new, used and refurbished offers, cheapest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel

from estore.domain.catalog import Offer
from estore.http import entrypoint, make_resolver
from estore.services.offers import offers_of, parse_conditions

app = make_resolver()


class Offers(BaseModel):
    items: list[Offer]


@app.get("/products/<productId>/offers", summary="Other sellers", tags=["catalog"])
def product_offers(
    productId: str,
    condition: Annotated[str | None, Query(description="comma-separated: new, used, refurbished")] = None,
) -> Offers:
    return Offers(items=offers_of(productId, parse_conditions(condition)))


lambda_handler = entrypoint(app)
