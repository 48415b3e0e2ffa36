"""POST /cart/items: add an offer to the cart (adds to its line if there is one)."""

from estore.domain.cart import AddToCart, Cart
from estore.http import CorrelationId, Customer, entrypoint, make_resolver
from estore.services.cart import add_item

app = make_resolver()


@app.post("/cart/items", summary="Add to cart", tags=["cart"])
def add_to_cart(request: AddToCart, *, customer: Customer, correlation_id: CorrelationId) -> Cart:
    return add_item(customer, request, correlation_id=correlation_id)


lambda_handler = entrypoint(app)
