"""Checkout under races, over the local cloud: stock never goes wrong, a key never makes two orders."""

import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.support import customer, new_product, seller


def funded(buyer):
    """Checkout pays from the wallet: the local cloud's payment provider is the fake one."""
    key = {"idempotency-key": str(uuid.uuid4())}
    answer = buyer.call(
        "POST", "/wallet/deposits", json={"amount": {"amount": 100_000, "currency": "USD"}}, headers=key
    )
    assert answer.status_code == 201, answer.text
    return buyer


def offer_stock(cloud, product_id: str) -> int:
    with cloud.http() as http:
        offers = http.get(f"/products/{product_id}/offers").json()["items"]
    return int(offers[0]["stock"])


def test_twenty_customers_racing_for_the_last_five_units_make_exactly_five_orders(cloud):
    shop = seller(cloud)
    listed = shop.call(
        "POST", "/products", json=new_product("LEGO Last Five", offer={**new_product()["offer"], "stock": 5})
    )
    assert listed.status_code == 201, listed.text
    product = listed.json()
    offer_id = product["bestOffer"]["id"]
    with ThreadPoolExecutor(max_workers=10) as pool:
        buyers = list(pool.map(lambda _: funded(customer(cloud)), range(20)))
    for buyer in buyers:
        added = buyer.call("POST", "/cart/items", json={"offerId": offer_id, "quantity": 1})
        assert added.status_code == 200, added.text

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(
            pool.map(
                lambda b: b.call("POST", "/checkout", json={}, headers={"idempotency-key": str(uuid.uuid4())}), buyers
            )
        )

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 5 + [409] * 15, [a.text for a in answers if a.status_code not in (201, 409)]
    refused = [answer.json() for answer in answers if answer.status_code == 409]
    assert all(body["error"]["code"] == "OUT_OF_STOCK" for body in refused)
    assert all(body["error"]["details"][0]["offerId"] == offer_id for body in refused)
    assert offer_stock(cloud, product["id"]) == 0
    numbers = {answer.json()["number"] for answer in answers if answer.status_code == 201}
    assert len(numbers) == 5


def test_the_same_idempotency_key_sent_five_times_at_once_makes_one_order(cloud):
    shop = seller(cloud)
    product = shop.call("POST", "/products", json=new_product("LEGO Once Only")).json()
    buyer = funded(customer(cloud))
    assert (
        buyer.call("POST", "/cart/items", json={"offerId": product["bestOffer"]["id"], "quantity": 2}).status_code
        == 200
    )
    key = str(uuid.uuid4())

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(
            pool.map(lambda _: buyer.call("POST", "/checkout", json={}, headers={"idempotency-key": key}), range(5))
        )

    assert [answer.status_code for answer in answers] == [201] * 5, [answer.text for answer in answers]
    assert len({answer.json()["id"] for answer in answers}) == 1
    orders = buyer.call("GET", "/orders").json()["items"]
    assert len(orders) == 1
    assert offer_stock(cloud, product["id"]) == 3
