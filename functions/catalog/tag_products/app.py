"""GET /tags/{slug}/products: a tag's products, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.domain.catalog import ProductSummary
from estore.domain.pagination import Page
from estore.http import entrypoint, make_resolver
from estore.services.tags import products_tagged

app = make_resolver()


@app.get("/tags/<slug>/products", summary="A tag's products", tags=["catalog"])
def tag_products(
    slug: str,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Page[ProductSummary]:
    return products_tagged(slug, limit, cursor)


lambda_handler = entrypoint(app)
