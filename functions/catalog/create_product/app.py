"""POST /products: a seller lists a product with its first offer; runs the CreateProduct workflow."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from estore.auth import Role
from estore.domain.catalog import NewProduct, Product
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.products import create_product

app = make_resolver()
IdempotencyKey = Annotated[str | None, Header(alias="idempotency-key", description="a client UUID; retries are safe")]


@app.post("/products", summary="List a product", tags=["catalog"], responses={201: {"description": "Created"}})
def post_product(request: NewProduct, idempotency_key: IdempotencyKey = None) -> Response[Product]:
    product = create_product(
        caller(app, Role.SELLERS),
        request,
        idempotency_key=idempotency_key,
        correlation_id=current_correlation_id(app),
    )
    return created(product)


lambda_handler = entrypoint(app)
