"""DELETE /admin/products/{productId}: an operator removes any product, with its links and offers."""

from aws_lambda_powertools.event_handler import Response

from estore.http import Admin, CorrelationId, entrypoint, make_resolver
from estore.services.products import delete_product

app = make_resolver()


@app.delete(
    "/admin/products/<productId>",
    summary="Remove any product",
    tags=["admin"],
    responses={204: {"description": "Gone"}},
)
def remove_product(productId: str, *, _admin: Admin, correlation_id: CorrelationId) -> Response[None]:
    delete_product(productId, correlation_id=correlation_id)
    return Response(status_code=204)


lambda_handler = entrypoint(app)
