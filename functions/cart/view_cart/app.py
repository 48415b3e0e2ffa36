"""GET /cart: the caller's cart at today's prices, each line's condition and availability."""

from estore.domain.cart import Cart
from estore.http import Customer, entrypoint, make_resolver
from estore.services.cart import cart_view

app = make_resolver()


@app.get("/cart", summary="My cart", tags=["cart"])
def view_cart(customer: Customer) -> Cart:
    return cart_view(customer)


lambda_handler = entrypoint(app)
