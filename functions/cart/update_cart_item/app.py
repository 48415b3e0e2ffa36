"""PATCH /cart/items/{offerId}: change a line's quantity."""

from estore.auth import Role
from estore.domain.cart import Cart, ChangeQuantity
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.cart import change_quantity

app = make_resolver()


@app.patch("/cart/items/<offerId>", summary="Change a quantity", tags=["cart"])
def set_quantity(offerId: str, request: ChangeQuantity) -> Cart:  # the name API Gateway gives the parameter
    principal = caller(app, Role.CUSTOMERS)
    return change_quantity(principal, offerId, request.quantity, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
