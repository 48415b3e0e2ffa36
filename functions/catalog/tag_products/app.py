"""GET /tags/{slug}/products: a tag's products, newest first."""

from estore.domain.catalog import ProductSummary
from estore.domain.pagination import Page
from estore.http import PAGE_SIZE, Cursor, Limit, entrypoint, make_resolver
from estore.services.tags import products_tagged

app = make_resolver()


@app.get("/tags/<slug>/products", summary="A tag's products", tags=["catalog"])
def tag_products(
    slug: str,
    limit: Limit = PAGE_SIZE,
    cursor: Cursor = None,
) -> Page[ProductSummary]:
    return products_tagged(slug, limit, cursor)


lambda_handler = entrypoint(app)
