"""GET /orders/{orderId}/recommendations: what buyers of this order's products also bought (own orders)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from estore.domain.recommendations import DEFAULT_LIMIT, MAX_LIMIT, Recommendations
from estore.http import Customer, entrypoint, make_resolver
from estore.services.recommendations import after_order

app = make_resolver()


@app.get(
    "/orders/<orderId>/recommendations", summary="Customers who bought these also bought", tags=["recommendations"]
)
def order_recommendations(
    orderId: str, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT, *, customer: Customer
) -> Recommendations:
    return after_order(customer.user_id, orderId, limit)


lambda_handler = entrypoint(app)
