"""GET /orders/{orderId}: one of the caller's orders (anyone else's is a 404)."""

from estore.domain.orders import Order
from estore.http import Customer, entrypoint, make_resolver
from estore.services.orders import my_order

app = make_resolver()


@app.get("/orders/<orderId>", summary="An order", tags=["orders"])
def get_order(orderId: str, *, customer: Customer) -> Order:  # the name API Gateway gives the path parameter
    return my_order(customer, orderId)


lambda_handler = entrypoint(app)
