"""PATCH /products/{productId}: a seller changes its own product (an admin any); tags and images replace as sets."""

from estore.auth import Role
from estore.domain.catalog import Product, ProductChanges
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.products import update_product

app = make_resolver()


@app.patch("/products/<productId>", summary="Change a product", tags=["catalog"])
def patch_product(productId: str, changes: ProductChanges) -> Product:
    return update_product(
        caller(app, Role.SELLERS, Role.ADMINS), productId, changes, correlation_id=current_correlation_id(app)
    )


lambda_handler = entrypoint(app)
