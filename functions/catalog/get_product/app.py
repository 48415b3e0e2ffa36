"""GET /products/{productId}: the product page, with its best new offer."""

from estore.domain.catalog import Product
from estore.http import entrypoint, make_resolver

# The page itself, not services.products: that module also carries the write paths (workflow, images,
# identity, idempotency), ~10 modules this read never uses (docs/performance.md, "Fourth pass").
from estore.services.catalog_views import product_page as get_product

app = make_resolver()


@app.get("/products/<productId>", summary="A product", tags=["catalog"])
def product_page(productId: str) -> Product:  # the name API Gateway gives the path parameter
    return get_product(productId)


lambda_handler = entrypoint(app)
