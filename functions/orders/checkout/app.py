"""POST /checkout: the cart becomes an order with a number, in one transaction (Idempotency-Key honoured)."""

from aws_lambda_powertools.event_handler import Response

from estore.domain.orders import Checkout, Order
from estore.http import CorrelationId, Customer, IdempotencyKey, RequestDeadline, created, entrypoint, make_resolver
from estore.services.checkout import checkout

app = make_resolver()


@app.post(
    "/checkout",
    summary="Place the order",
    tags=["orders"],
    responses={
        201: {"description": "Order placed"},
        409: {
            "description": "OUT_OF_STOCK or PRICE_CHANGED (naming the lines); BUSY: a wallet kept changing until "
            "the request's time was up, nothing was written, retry with the same Idempotency-Key"
        },
    },
)
def place_order(
    request: Checkout | None = None,
    idempotency_key: IdempotencyKey = None,
    *,
    customer: Customer,
    correlation_id: CorrelationId,
    deadline: RequestDeadline,
) -> Response[Order]:
    order = checkout(
        customer,
        request or Checkout(),
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
    )
    return created(order)


lambda_handler = entrypoint(app)
