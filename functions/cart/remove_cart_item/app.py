"""DELETE /cart/items/{offerId}: take a line out of the cart."""

from estore.auth import Role
from estore.domain.cart import Cart
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.cart import remove_item

app = make_resolver()


@app.delete("/cart/items/<offerId>", summary="Remove from cart", tags=["cart"])
def remove_from_cart(offerId: str) -> Cart:
    return remove_item(caller(app, Role.CUSTOMERS), offerId, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
