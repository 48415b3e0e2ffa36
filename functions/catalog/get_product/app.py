"""GET /products/{productId}: the product page, with its best new offer."""

from estore.domain.catalog import Product
from estore.http import entrypoint, make_resolver
from estore.services.products import get_product

app = make_resolver()


@app.get("/products/<productId>", summary="A product", tags=["catalog"])
def product_page(productId: str) -> Product:  # the name API Gateway gives the path parameter
    return get_product(productId)


lambda_handler = entrypoint(app)
