"""PATCH /products/{productId}: a seller changes its own product (an admin any); tags and images replace as sets."""

from estore.domain.catalog import Product, ProductChanges
from estore.http import CorrelationId, SellerOrAdmin, entrypoint, make_resolver
from estore.services.products import update_product

app = make_resolver()


@app.patch("/products/<productId>", summary="Change a product", tags=["catalog"])
def patch_product(
    productId: str, changes: ProductChanges, *, principal: SellerOrAdmin, correlation_id: CorrelationId
) -> Product:
    return update_product(principal, productId, changes, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
