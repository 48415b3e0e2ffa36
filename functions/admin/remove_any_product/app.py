"""DELETE /admin/products/{productId}: an operator removes any product, with its links and offers."""

from aws_lambda_powertools.event_handler import Response

from estore.auth import Role
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.products import delete_product

app = make_resolver()


@app.delete(
    "/admin/products/<productId>",
    summary="Remove any product",
    tags=["admin"],
    responses={204: {"description": "Gone"}},
)
def remove_product(productId: str) -> Response[None]:
    caller(app, Role.ADMINS)
    delete_product(productId, correlation_id=current_correlation_id(app))
    return Response(status_code=204)


lambda_handler = entrypoint(app)
