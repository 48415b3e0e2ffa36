"""POST /products: a seller lists a product with its first offer; runs the CreateProduct workflow."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.catalog import NewProduct, Product
from estore.http import CorrelationId, IdempotencyKey, Seller, created, entrypoint, make_resolver
from estore.services.products import create_product

app = make_resolver()


@app.post("/products", summary="List a product", tags=["catalog"], responses={201: {"description": "Created"}})
def post_product(
    request: NewProduct, idempotency_key: IdempotencyKey = None, *, seller: Seller, correlation_id: CorrelationId
) -> Response[Product]:
    product = create_product(
        seller,
        request,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
    )
    return created(product)


lambda_handler = entrypoint(app)
