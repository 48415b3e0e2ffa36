"""PATCH /cart/items/{offerId}: change a line's quantity."""

from estore.domain.cart import Cart, ChangeQuantity
from estore.http import CorrelationId, Customer, entrypoint, make_resolver
from estore.services.cart import change_quantity

app = make_resolver()


@app.patch("/cart/items/<offerId>", summary="Change a quantity", tags=["cart"])
def set_quantity(
    offerId: str,  # the name API Gateway gives the parameter
    request: ChangeQuantity,
    *,
    customer: Customer,
    correlation_id: CorrelationId,
) -> Cart:
    return change_quantity(customer, offerId, request.quantity, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
