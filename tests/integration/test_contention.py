"""A race lost until the function's time is up: 409 BUSY, nothing written, the same key works later.

"A store that always loses the race" is the real table whose balances read one more than they are,
as if another posting had always just changed the wallet: every conditional write then fails for real.
"""

import uuid

import pytest

from estore.store import accounts
from tests.integration.conftest import make_seller

USD = "USD"
LITTLE_TIME_S = 1.5  # the safety margin (1 s) plus room for a few attempts


def money(amount):
    return {"amount": amount, "currency": USD}


@pytest.fixture
def racing(monkeypatch):
    """Wallets whose balance, as read, is always stale (start losing with `racing.add(user_id)`)."""
    stale: set[str] = set()
    read = accounts.balances

    def stale_balances(account_ids):
        return {key: value + 1 if key in stale else value for key, value in read(account_ids).items()}

    monkeypatch.setattr(accounts, "balances", stale_balances)
    return stale


def deposit(cloud, user, amount):
    answer = cloud.call("POST", "/wallet/deposits", user=user, json_body={"amount": money(amount)})
    assert answer.status == 201, answer.body


def balance(cloud, user):
    return cloud.call("GET", "/wallet", user=user).body["balance"]["amount"]


def statement(cloud, user):
    return cloud.call("GET", "/wallet/entries", user=user).body["items"]


def test_a_withdrawal_that_keeps_losing_the_race_is_409_busy_and_writes_nothing(cloud, customer, racing):
    # Given a wallet of 100 that every posting finds changed, and a function with little time left
    deposit(cloud, customer, 100)
    racing.add(customer.sub)
    key = str(uuid.uuid4())
    # When the customer withdraws 30
    answer = cloud.call(
        "POST",
        "/wallet/withdrawals",
        user=customer,
        json_body={"amount": money(30)},
        headers={"idempotency-key": key},
        time_left_s=LITTLE_TIME_S,
    )
    # Then the answer is 409 BUSY in the error shape, saying how many attempts it made (how many fit
    # depends on how fast this machine is: tests/unit/test_deadline.py counts them on a fake clock)
    assert answer.status == 409, answer.body
    assert answer.body["error"]["code"] == "BUSY"
    assert answer.body["requestId"] == answer.headers["X-Request-Id"]
    assert set(answer.body["error"]["details"][0]) == {"attempts", "retryAfterMs"}
    # And nothing was written
    racing.clear()
    assert balance(cloud, customer) == 100
    assert [entry["type"] for entry in statement(cloud, customer)] == ["DEPOSIT"]


def test_a_busy_withdrawal_retried_with_the_same_key_goes_through_once(cloud, customer, racing):
    # Given a withdrawal answered 409 BUSY
    deposit(cloud, customer, 100)
    racing.add(customer.sub)
    key, body = str(uuid.uuid4()), {"amount": money(30)}
    headers = {"idempotency-key": key}
    busy = cloud.call(
        "POST", "/wallet/withdrawals", user=customer, json_body=body, headers=headers, time_left_s=LITTLE_TIME_S
    )
    assert busy.error_code == "BUSY"
    # When the race is over and the client retries with the same key, twice
    racing.clear()
    first = cloud.call("POST", "/wallet/withdrawals", user=customer, json_body=body, headers=headers)
    again = cloud.call("POST", "/wallet/withdrawals", user=customer, json_body=body, headers=headers)
    # Then the money left once
    assert (first.status, again.status) == (201, 201)
    assert first.body == again.body
    assert balance(cloud, customer) == 70


def test_a_checkout_whose_seller_wallet_keeps_changing_is_409_busy_and_changes_nothing(cloud, customer, racing):
    # Given a customer with a product in the cart, whose seller's wallet every checkout finds changed
    seller = make_seller(cloud, "Busy Bricks")
    deposit(cloud, customer, 10_000)
    body = {"title": "LEGO X-Wing", "brand": "LEGO", "category": "toys", "offer": {"price": money(2500), "stock": 3}}
    product = cloud.call("POST", "/products", user=seller, json_body=body).body
    offer_id = product["bestOffer"]["id"]
    added = cloud.call("POST", "/cart/items", user=customer, json_body={"offerId": offer_id, "quantity": 1})
    assert added.status == 200, added.body
    racing.add(seller.sub)
    key = str(uuid.uuid4())
    # When the customer checks out with little time left
    answer = cloud.call(
        "POST", "/checkout", user=customer, json_body={}, headers={"idempotency-key": key}, time_left_s=LITTLE_TIME_S
    )
    # Then 409 BUSY; no order, the stock and the cart and the wallet as they were
    assert answer.status == 409, answer.body
    assert answer.error_code == "BUSY"
    racing.clear()
    assert cloud.call("GET", "/orders", user=customer).body["items"] == []
    assert cloud.call("GET", f"/products/{product['id']}").body["bestOffer"]["stock"] == 3
    assert len(cloud.call("GET", "/cart", user=customer).body["items"]) == 1
    assert balance(cloud, customer) == 10_000
    # And the same key places the order once the race is over
    placed = cloud.call("POST", "/checkout", user=customer, json_body={}, headers={"idempotency-key": key})
    assert placed.status == 201, placed.body
    assert balance(cloud, customer) == 7_500
