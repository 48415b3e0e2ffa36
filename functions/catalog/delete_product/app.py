"""DELETE /products/{productId}: a seller removes its own product, or only its offers while others offer it too."""

from aws_lambda_powertools.event_handler import Response

from estore.http import CorrelationId, Seller, entrypoint, make_resolver
from estore.services.products import delete_product

app = make_resolver()


@app.delete(
    "/products/<productId>", summary="Remove a product", tags=["catalog"], responses={204: {"description": "Gone"}}
)
def remove_product(productId: str, *, seller: Seller, correlation_id: CorrelationId) -> Response[None]:
    delete_product(productId, principal=seller, correlation_id=correlation_id)
    return Response(status_code=204)


lambda_handler = entrypoint(app)
