"""POST /cart/items: add an offer to the cart (adds to its line if there is one)."""

from estore.auth import Role
from estore.domain.cart import AddToCart, Cart
from estore.http import caller, current_correlation_id, entrypoint, make_resolver
from estore.services.cart import add_item

app = make_resolver()


@app.post("/cart/items", summary="Add to cart", tags=["cart"])
def add_to_cart(request: AddToCart) -> Cart:
    return add_item(caller(app, Role.CUSTOMERS), request, correlation_id=current_correlation_id(app))


lambda_handler = entrypoint(app)
