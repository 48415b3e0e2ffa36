"""DELETE /cart/items/{offerId}: take a line out of the cart."""

from estore.domain.cart import Cart
from estore.http import CorrelationId, Customer, entrypoint, make_resolver
from estore.services.cart import remove_item

app = make_resolver()


@app.delete("/cart/items/<offerId>", summary="Remove from cart", tags=["cart"])
def remove_from_cart(offerId: str, *, customer: Customer, correlation_id: CorrelationId) -> Cart:
    return remove_item(customer, offerId, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
