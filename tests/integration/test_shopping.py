"""Cart, checkout and orders through the real handlers and moto (the seed's acceptance names included)."""

import uuid

import pytest

from estore_local.emulator.callcount import counting_calls
from tests.integration.conftest import make_seller

PRICE = {"amount": 2500, "currency": "USD"}


@pytest.fixture
def seller(cloud):
    return make_seller(cloud, "Brick House")


def fund(cloud, user, amount=1_000_000):
    answer = cloud.call(
        "POST", "/wallet/deposits", user=user, json_body={"amount": {"amount": amount, "currency": "USD"}}
    )
    assert answer.status == 201, answer.body


@pytest.fixture
def customer(customer, cloud):
    """A customer with money in the wallet (checkout pays from it)."""
    fund(cloud, customer)
    return customer


@pytest.fixture
def other_customer(other_customer, cloud):
    fund(cloud, other_customer)
    return other_customer


def list_product(cloud, seller, title="LEGO Millennium Falcon", stock=5, price=PRICE, **offer):
    body = {"title": title, "brand": "LEGO", "category": "toys", "offer": {"price": price, "stock": stock, **offer}}
    answer = cloud.call("POST", "/products", user=seller, json_body=body)
    assert answer.status == 201, answer.body
    return answer.body


def add(cloud, customer, offer_id, quantity=1):
    return cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": offer_id, "quantity": quantity})


def checkout(cloud, customer, key=None, body=None):
    headers = {"idempotency-key": key} if key else None
    return cloud.call("POST", "/checkout", user=customer, json_body=body or {}, headers=headers)


# ---------------------------------------------------------------- the seed's four
def test_add_item_to_cart(cloud, seller, customer):
    product = list_product(cloud, seller)
    offer_id = product["bestOffer"]["id"]
    answer = add(cloud, customer, offer_id, 2)
    assert answer.status == 200, answer.body
    [line] = answer.body["items"]
    assert (line["offerId"], line["productId"], line["title"]) == (offer_id, product["id"], "LEGO Millennium Falcon")
    assert (line["quantity"], line["condition"], line["available"]) == (2, "new", True)
    assert line["unitPrice"] == PRICE
    assert line["lineTotal"] == {"amount": 5000, "currency": "USD"}
    assert answer.body["total"] == {"amount": 5000, "currency": "USD"}
    again = add(cloud, customer, offer_id, 1)
    assert again.body["items"][0]["quantity"] == 3
    assert cloud.call("GET", "/cart", user=customer).body == again.body


def test_complete_order(cloud, seller, customer):
    product = list_product(cloud, seller, stock=5)
    offer_id = product["bestOffer"]["id"]
    add(cloud, customer, offer_id, 2)
    answer = checkout(cloud, customer, key=str(uuid.uuid4()))
    assert answer.status == 201, answer.body
    order = answer.body
    assert order["number"].startswith("ES-")
    assert len(order["number"]) == len("ES-XXXX-XXXX")
    assert order["status"] == "PLACED"
    assert order["total"] == {"amount": 5000, "currency": "USD"}
    [line] = order["lines"]
    assert (line["offerId"], line["quantity"], line["condition"], line["sellerId"]) == (offer_id, 2, "new", seller.sub)
    assert cloud.call("GET", f"/products/{product['id']}").body["bestOffer"]["stock"] == 3
    assert cloud.call("GET", "/cart", user=customer).body["items"] == []
    assert cloud.call("GET", f"/orders/{order['id']}", user=customer).body == order


def test_get_all_orders(cloud, seller, customer):
    product = list_product(cloud, seller, stock=10)
    numbers = []
    for _ in range(3):
        add(cloud, customer, product["bestOffer"]["id"])
        numbers.append(checkout(cloud, customer).body["number"])
    answer = cloud.call("GET", "/orders", user=customer)
    assert answer.status == 200
    assert [order["number"] for order in answer.body["items"]] == list(reversed(numbers))
    first = cloud.call("GET", "/orders", user=customer, query={"limit": "2"})
    assert len(first.body["items"]) == 2
    rest = cloud.call("GET", "/orders", user=customer, query={"limit": "2", "cursor": first.body["nextCursor"]})
    assert [order["number"] for order in rest.body["items"]] == [numbers[0]]
    assert len(set(numbers)) == 3


# ---------------------------------------------------------------- cart rules
@pytest.mark.parametrize("quantity", [0, -1, 100, "two", 1.5, None])
def test_bad_quantities_are_422_and_leave_the_cart_alone(cloud, seller, customer, quantity):
    offer_id = list_product(cloud, seller)["bestOffer"]["id"]
    add(cloud, customer, offer_id, 1)
    before = cloud.call("GET", "/cart", user=customer).body
    answer = add(cloud, customer, offer_id, quantity)
    assert answer.status == 422
    assert [detail["field"] for detail in answer.body["error"]["details"]] == ["quantity"]
    changed = cloud.call("PATCH", f"/cart/items/{offer_id}", user=customer, json_body={"quantity": quantity})
    assert changed.status == 422
    assert cloud.call("GET", "/cart", user=customer).body == before


def test_a_line_never_holds_more_than_99(cloud, seller, customer):
    offer_id = list_product(cloud, seller, stock=500)["bestOffer"]["id"]
    add(cloud, customer, offer_id, 60)
    answer = add(cloud, customer, offer_id, 40)
    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "quantity"
    assert cloud.call("GET", "/cart", user=customer).body["items"][0]["quantity"] == 60


def test_an_unknown_offer_is_404_and_the_cart_stays_as_it_was(cloud, customer):
    answer = add(cloud, customer, "no-such-offer")
    assert answer.status == 404
    assert answer.error_code == "UNKNOWN_OFFER"
    assert cloud.call("GET", "/cart", user=customer).body["items"] == []


def test_more_than_in_stock_is_409_naming_what_is_left(cloud, seller, customer):
    offer_id = list_product(cloud, seller, stock=2)["bestOffer"]["id"]
    answer = add(cloud, customer, offer_id, 3)
    assert answer.status == 409
    assert answer.body["error"]["details"] == [{"offerId": offer_id, "requested": 3, "available": 2}]


def test_a_seller_cannot_buy_its_own_offer(cloud, seller):
    offer_id = list_product(cloud, seller)["bestOffer"]["id"]
    assert add(cloud, seller, offer_id).error_code == "OWN_OFFER"


def test_the_cart_shows_used_and_refurbished_condition_on_every_line(cloud, seller, customer):
    product = list_product(cloud, seller)
    rival = make_seller(cloud, "Second Hand")
    used = {"price": {"amount": 1000, "currency": "USD"}, "stock": 1, "condition": "used", "conditionNote": "No box"}
    offer = cloud.call("POST", f"/products/{product['id']}/offers", user=rival, json_body=used).body
    add(cloud, customer, offer["id"])
    [line] = cloud.call("GET", "/cart", user=customer).body["items"]
    assert (line["condition"], line["conditionNote"]) == ("used", "No box")


def test_a_cart_holds_at_most_25_lines(cloud, seller, customer):
    offers = [list_product(cloud, seller, title=f"Set {i}")["bestOffer"]["id"] for i in range(26)]
    for offer_id in offers[:25]:
        assert add(cloud, customer, offer_id).status == 200
    answer = add(cloud, customer, offers[25])
    assert answer.status == 422
    assert answer.error_code == "CART_FULL"


def test_removing_and_changing_lines(cloud, seller, customer):
    first, second = (list_product(cloud, seller, title=t)["bestOffer"]["id"] for t in ("A", "B"))
    add(cloud, customer, first)
    add(cloud, customer, second)
    changed = cloud.call("PATCH", f"/cart/items/{first}", user=customer, json_body={"quantity": 4})
    assert [line["quantity"] for line in changed.body["items"]] == [4, 1]
    removed = cloud.call("DELETE", f"/cart/items/{second}", user=customer)
    assert [line["offerId"] for line in removed.body["items"]] == [first]
    assert cloud.call("DELETE", f"/cart/items/{second}", user=customer).status == 404


def test_one_customer_never_sees_or_changes_anothers_cart_or_order(cloud, seller, customer, other_customer):
    offer_id = list_product(cloud, seller)["bestOffer"]["id"]
    add(cloud, customer, offer_id, 2)
    order = checkout(cloud, customer).body
    assert cloud.call("GET", f"/orders/{order['id']}", user=other_customer).status == 404
    assert cloud.call("GET", "/orders", user=other_customer).body["items"] == []
    add(cloud, customer, offer_id, 1)
    assert cloud.call("GET", "/cart", user=other_customer).body["items"] == []
    assert cloud.call("DELETE", f"/cart/items/{offer_id}", user=other_customer).status == 404
    assert cloud.call("GET", "/cart", user=customer).body["items"][0]["quantity"] == 1


# ---------------------------------------------------------------- checkout rules
def test_checkout_of_an_empty_cart_is_400(cloud, customer):
    answer = checkout(cloud, customer)
    assert answer.status == 400
    assert answer.error_code == "EMPTY_CART"


def test_checkout_refuses_sold_out_lines_naming_them_and_changes_nothing(cloud, seller, customer, other_customer):
    plenty = list_product(cloud, seller, title="Plenty", stock=10)["bestOffer"]["id"]
    scarce_product = list_product(cloud, seller, title="Scarce", stock=1)
    scarce = scarce_product["bestOffer"]["id"]
    add(cloud, customer, plenty, 2)
    add(cloud, customer, scarce, 1)
    add(cloud, other_customer, scarce, 1)
    assert checkout(cloud, other_customer).status == 201
    before = cloud.call("GET", "/cart", user=customer).body
    answer = checkout(cloud, customer)
    assert answer.status == 409
    assert answer.error_code == "OUT_OF_STOCK"
    assert answer.body["error"]["details"] == [
        {"offerId": scarce, "reason": "OUT_OF_STOCK", "requested": 1, "available": 0}
    ]
    assert cloud.call("GET", "/cart", user=customer).body == before
    assert cloud.call("GET", "/orders", user=customer).body["items"] == []


def test_a_changed_price_is_409_until_the_customer_agrees_to_the_new_total(cloud, seller, customer):
    offer_id = list_product(cloud, seller)["bestOffer"]["id"]
    add(cloud, customer, offer_id, 2)
    cloud.call("PATCH", f"/offers/{offer_id}", user=seller, json_body={"price": {"amount": 3000, "currency": "USD"}})
    answer = checkout(cloud, customer)
    assert answer.status == 409
    assert answer.error_code == "PRICE_CHANGED"
    assert answer.body["error"]["details"][0]["offerId"] == offer_id
    cart = cloud.call("GET", "/cart", user=customer).body
    assert cart["total"] == {"amount": 6000, "currency": "USD"}
    assert checkout(cloud, customer, body={"expectedTotal": {"amount": 5000, "currency": "USD"}}).status == 409
    placed = checkout(cloud, customer, body={"expectedTotal": cart["total"]})
    assert placed.status == 201
    assert placed.body["total"] == {"amount": 6000, "currency": "USD"}


def test_a_retry_with_the_same_key_returns_the_same_order(cloud, seller, customer):
    offer_id = list_product(cloud, seller, stock=5)["bestOffer"]["id"]
    add(cloud, customer, offer_id, 1)
    key = str(uuid.uuid4())
    first = checkout(cloud, customer, key=key)
    again = checkout(cloud, customer, key=key)
    assert again.status == 201
    assert again.body == first.body
    assert len(cloud.call("GET", "/orders", user=customer).body["items"]) == 1
    reused = checkout(cloud, customer, key=key, body={"expectedTotal": {"amount": 1, "currency": "USD"}})
    assert reused.error_code == "IDEMPOTENCY_KEY_REUSED"


def test_a_retry_after_success_without_a_key_never_makes_a_second_order(cloud, seller, customer):
    offer_id = list_product(cloud, seller, stock=5)["bestOffer"]["id"]
    add(cloud, customer, offer_id, 1)
    assert checkout(cloud, customer).status == 201
    assert checkout(cloud, customer).error_code == "EMPTY_CART"


def test_a_seller_sees_its_own_lines_of_each_order(cloud, seller, customer):
    rival = make_seller(cloud, "Other Store")
    mine = list_product(cloud, seller, title="Mine")["bestOffer"]["id"]
    theirs = list_product(cloud, rival, title="Theirs")["bestOffer"]["id"]
    add(cloud, customer, mine, 2)
    add(cloud, customer, theirs, 1)
    order = checkout(cloud, customer).body
    [sale] = cloud.call("GET", "/sellers/me/orders", user=seller).body["items"]
    assert (sale["number"], [line["offerId"] for line in sale["lines"]]) == (order["number"], [mine])
    assert sale["subtotal"] == {"amount": 5000, "currency": "USD"}
    assert cloud.call("GET", "/sellers/me/orders", user=customer).status == 403


@pytest.mark.parametrize("lines", [1, 25])
def test_checkout_is_one_transaction_whatever_the_cart_size(cloud, seller, customer, lines):
    offers = [list_product(cloud, seller, title=f"Set {i}")["bestOffer"]["id"] for i in range(lines)]
    for offer_id in offers:
        add(cloud, customer, offer_id, 2)
    with counting_calls() as calls:
        answer = checkout(cloud, customer, key=str(uuid.uuid4()))
    assert answer.status == 201, answer.body
    assert len(answer.body["lines"]) == lines
    assert calls.dynamodb_writes == 1
    assert calls.of("dynamodb", {"TransactWriteItems"}) == 1


# ---------------------------------------------------------------- paying from the wallet
def test_checkout_pays_sellers_their_subtotal_less_the_fee_and_the_platform_the_fee(cloud, seller, customer):
    rival = make_seller(cloud, "Other Store")
    mine = list_product(cloud, seller, title="Mine", price={"amount": 1000, "currency": "USD"})["bestOffer"]["id"]
    theirs = list_product(cloud, rival, title="Theirs", price={"amount": 333, "currency": "USD"})["bestOffer"]["id"]
    add(cloud, customer, mine, 2)
    add(cloud, customer, theirs, 1)
    order = checkout(cloud, customer).body
    assert order["total"]["amount"] == 2333
    assert cloud.call("GET", "/wallet", user=customer).body["balance"]["amount"] == 1_000_000 - 2333
    assert cloud.call("GET", "/wallet", user=seller).body["balance"]["amount"] == 2000 - 100  # 5% of 2000
    assert cloud.call("GET", "/wallet", user=rival).body["balance"]["amount"] == 333 - 16  # 5% of 333, rounded down
    [payment] = cloud.call("GET", "/wallet/entries", user=customer, query={"limit": "1"}).body["items"]
    assert (payment["type"], payment["amount"]["amount"], payment["reference"]) == (
        "ORDER_PAYMENT",
        -2333,
        f"order:{order['number']}",
    )


def test_checkout_without_enough_money_is_402_and_changes_nothing(cloud, seller):
    poor = cloud.confirm_sign_up(f"poor-{uuid.uuid4().hex[:6]}@example.com")
    fund(cloud, poor, 1000)
    product = list_product(cloud, seller, stock=3, price={"amount": 600, "currency": "USD"})
    offer_id = product["bestOffer"]["id"]
    add(cloud, poor, offer_id, 2)
    cart = cloud.call("GET", "/cart", user=poor).body
    seller_balance = cloud.call("GET", "/wallet", user=seller).body
    answer = checkout(cloud, poor, key=str(uuid.uuid4()))
    assert answer.status == 402
    assert answer.error_code == "INSUFFICIENT_FUNDS"
    assert answer.body["error"]["details"] == [{"balance": 1000, "total": 1200}]
    assert cloud.call("GET", "/cart", user=poor).body == cart
    assert cloud.call("GET", f"/products/{product['id']}").body["bestOffer"]["stock"] == 3
    assert cloud.call("GET", "/wallet", user=poor).body["balance"]["amount"] == 1000
    assert cloud.call("GET", "/wallet", user=seller).body == seller_balance
    assert cloud.call("GET", "/orders", user=poor).body["items"] == []
