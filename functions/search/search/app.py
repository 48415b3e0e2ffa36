"""GET /search?q=&tag=&category=: products with an in-stock new offer, typo tolerant, best match first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.domain.catalog import ProductSummary
from estore.domain.pagination import Page
from estore.domain.search import MAX_QUERY_LENGTH
from estore.http import PAGE_SIZE, Cursor, Limit, entrypoint, make_resolver
from estore.services.search import search

app = make_resolver()


@app.get("/search", summary="Search products", tags=["search"])
def search_products(
    q: Annotated[str, Query(max_length=MAX_QUERY_LENGTH, description="what to look for; typos are fine")] = "",
    tag: Annotated[str | None, Query(max_length=50, description="only products with this tag")] = None,
    category: Annotated[str | None, Query(max_length=100, description="only products in this category")] = None,
    limit: Limit = PAGE_SIZE,
    cursor: Cursor = None,
) -> Page[ProductSummary]:
    return search(q, tag, category, limit, cursor)


lambda_handler = entrypoint(app)
