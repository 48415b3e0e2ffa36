"""GET /cart: the caller's cart at today's prices, each line's condition and availability."""

from estore.auth import Role
from estore.domain.cart import Cart
from estore.http import caller, entrypoint, make_resolver
from estore.services.cart import cart_view

app = make_resolver()


@app.get("/cart", summary="My cart", tags=["cart"])
def view_cart() -> Cart:
    return cart_view(caller(app, Role.CUSTOMERS))


lambda_handler = entrypoint(app)
