"""POST /checkout: the cart becomes an order with a number, in one transaction (Idempotency-Key honoured)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from estore.auth import Role
from estore.deadline import Deadline
from estore.domain.orders import Checkout, Order
from estore.http import caller, created, current_correlation_id, entrypoint, make_resolver
from estore.services.checkout import checkout

app = make_resolver()
IdempotencyKey = Annotated[str | None, Header(alias="idempotency-key", description="a client UUID; retries are safe")]


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
def place_order(request: Checkout | None = None, idempotency_key: IdempotencyKey = None) -> Response[Order]:
    order = checkout(
        caller(app, Role.CUSTOMERS),
        request or Checkout(),
        idempotency_key=idempotency_key,
        correlation_id=current_correlation_id(app),
        deadline=Deadline.of(app.lambda_context),
    )
    return created(order)


lambda_handler = entrypoint(app)
