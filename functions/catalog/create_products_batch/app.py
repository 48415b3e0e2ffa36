"""POST /products/batch: up to 25 products, each through the CreateProduct workflow, one result per row."""

from typing import Any

from pydantic import BaseModel, Field

from estore.domain.models import RequestModel
from estore.http import CorrelationId, IdempotencyKey, Seller, entrypoint, make_resolver
from estore.services.products import MAX_BATCH, create_products

app = make_resolver()


class Batch(RequestModel):
    # Rows stay raw here so that one bad row is a 422 in its own result, not for the whole batch.
    products: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_BATCH)


class BatchResults(BaseModel):
    results: list[dict[str, Any]] = Field(description='{"index", "status": 201|4xx, "product" | "error"}')


@app.post("/products/batch", summary="List up to 25 products", tags=["catalog"])
def post_products(
    batch: Batch, idempotency_key: IdempotencyKey = None, *, seller: Seller, correlation_id: CorrelationId
) -> BatchResults:
    results = create_products(
        seller,
        batch.products,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
    )
    return BatchResults(results=results)


lambda_handler = entrypoint(app)
