"""Wallets and the ledger through the real handlers and moto: every movement one balanced entry."""

import uuid

import pytest

from estore import payments

USD = "USD"


def money(amount):
    return {"amount": amount, "currency": USD}


def deposit(cloud, user, amount, key=None):
    headers = {"idempotency-key": key} if key else None
    return cloud.call("POST", "/wallet/deposits", user=user, json_body={"amount": money(amount)}, headers=headers)


def withdraw(cloud, user, amount, key=None):
    headers = {"idempotency-key": key} if key else None
    return cloud.call("POST", "/wallet/withdrawals", user=user, json_body={"amount": money(amount)}, headers=headers)


def transfer(cloud, user, to, amount, key=None):
    headers = {"idempotency-key": key} if key else None
    body = {"toUserId": to, "amount": money(amount)}
    return cloud.call("POST", "/wallet/transfers", user=user, json_body=body, headers=headers)


def balance(cloud, user):
    return cloud.call("GET", "/wallet", user=user).body["balance"]["amount"]


@pytest.fixture
def admin(cloud):
    user = cloud.confirm_sign_up(f"admin-{uuid.uuid4().hex[:6]}@example.com")
    cloud.cognito.admin_add_user_to_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="admins")
    return user


def trial_balance(cloud, admin):
    answer = cloud.call("GET", "/admin/ledger/trial-balance", user=admin)
    assert answer.status == 200, answer.body
    return answer.body


def test_a_deposit_is_journaled_and_shows_on_the_statement(cloud, customer, admin):
    answer = deposit(cloud, customer, 5000)
    assert answer.status == 201, answer.body
    entry = answer.body
    assert (entry["type"], entry["amount"], entry["balanceAfter"]) == ("DEPOSIT", money(5000), money(5000))
    assert balance(cloud, customer) == 5000
    assert cloud.call("GET", "/wallet/entries", user=customer).body["items"] == [entry]
    checked = trial_balance(cloud, admin)
    assert checked["balanced"] is True
    assert checked["totals"] == {"debits": 5000, "credits": 5000, "wallets": 5000, "fees": 0, "external": -5000}


def test_a_withdrawal_beyond_the_balance_is_402_and_changes_nothing(cloud, customer):
    deposit(cloud, customer, 100)
    answer = withdraw(cloud, customer, 101)
    assert answer.status == 402
    assert answer.error_code == "INSUFFICIENT_FUNDS"
    assert balance(cloud, customer) == 100
    ok = withdraw(cloud, customer, 100)
    assert ok.status == 201
    assert (ok.body["amount"], ok.body["balanceAfter"]) == (money(-100), money(0))


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (-5, "amount.amount"),
        (0, "amount.amount"),
        (1.5, "amount.amount"),
        ("10", "amount.amount"),
        (10**12, "amount.amount"),
    ],
)
def test_bad_amounts_are_422_and_move_nothing(cloud, customer, other_customer, amount, field):
    deposit(cloud, customer, 1000)
    body = {"amount": {"amount": amount, "currency": USD}}
    for path, extra in (
        ("/wallet/deposits", {}),
        ("/wallet/withdrawals", {}),
        ("/wallet/transfers", {"toUserId": other_customer.sub}),
    ):
        answer = cloud.call("POST", path, user=customer, json_body={**body, **extra})
        assert answer.status == 422, (path, answer.body)
        assert field in [detail["field"] for detail in answer.body["error"]["details"]]
    assert balance(cloud, customer) == 1000


def test_an_amount_over_the_configured_maximum_or_in_another_currency_is_422(cloud, customer):
    over = deposit(cloud, customer, 1_000_001)
    assert over.status == 422
    assert over.body["error"]["details"][0]["field"] == "amount.amount"
    euros = cloud.call(
        "POST", "/wallet/deposits", user=customer, json_body={"amount": {"amount": 5, "currency": "EUR"}}
    )
    assert euros.status == 422
    assert balance(cloud, customer) == 0


def test_a_transfer_moves_money_between_two_wallets(cloud, customer, other_customer):
    deposit(cloud, customer, 1000)
    answer = transfer(cloud, customer, other_customer.sub, 300)
    assert answer.status == 201, answer.body
    assert (answer.body["type"], answer.body["amount"], answer.body["balanceAfter"]) == (
        "TRANSFER",
        money(-300),
        money(700),
    )
    assert balance(cloud, other_customer) == 300
    [received] = cloud.call("GET", "/wallet/entries", user=other_customer).body["items"]
    assert (received["amount"], received["balanceAfter"]) == (money(300), money(300))


def test_a_transfer_to_yourself_or_to_nobody_is_refused(cloud, customer):
    deposit(cloud, customer, 1000)
    assert transfer(cloud, customer, customer.sub, 10).status == 422
    assert transfer(cloud, customer, "nobody-at-all", 10).error_code == "UNKNOWN_RECIPIENT"
    assert balance(cloud, customer) == 1000


def test_a_retried_deposit_with_the_same_key_moves_money_once(cloud, customer):
    key = str(uuid.uuid4())
    first = deposit(cloud, customer, 700, key=key)
    again = deposit(cloud, customer, 700, key=key)
    assert again.status == 201
    assert again.body == first.body
    assert balance(cloud, customer) == 700
    assert deposit(cloud, customer, 800, key=key).error_code == "IDEMPOTENCY_KEY_REUSED"


def test_a_customer_sees_only_its_own_wallet_and_statement(cloud, customer, other_customer):
    deposit(cloud, customer, 900)
    assert balance(cloud, other_customer) == 0
    assert cloud.call("GET", "/wallet/entries", user=other_customer).body["items"] == []


def test_without_a_payment_provider_customers_cannot_deposit_but_an_admin_can_credit(
    cloud, customer, admin, monkeypatch
):
    monkeypatch.setattr(payments, "provider", lambda: None)
    refused = deposit(cloud, customer, 500)
    assert refused.status == 403
    assert refused.error_code == "DEPOSITS_DISABLED"
    credited = cloud.call(
        "POST",
        f"/admin/accounts/{customer.sub}/credits",
        user=admin,
        json_body={"amount": money(500), "reason": "goodwill"},
    )
    assert credited.status == 201, credited.body
    assert (credited.body["type"], credited.body["balanceAfter"]) == ("ADMIN_CREDIT", money(500))
    assert balance(cloud, customer) == 500
    assert trial_balance(cloud, admin)["balanced"] is True


def test_only_admins_see_the_trial_balance_or_credit_wallets(cloud, customer):
    assert cloud.call("GET", "/admin/ledger/trial-balance", user=customer).status == 403
    body = {"amount": money(5), "reason": "free money"}
    assert cloud.call("POST", f"/admin/accounts/{customer.sub}/credits", user=customer, json_body=body).status == 403
    assert balance(cloud, customer) == 0


class CountingProvider:
    """A payment provider double: counts calls, approves or declines as told."""

    def __init__(self, charge_ok=True, payout_ok=True):
        self.charge_ok, self.payout_ok, self.charges, self.payouts = charge_ok, payout_ok, 0, 0

    def charge(self, user_id, amount, idempotency_key):
        self.charges += 1
        return payments.Payment(approved=self.charge_ok, reference=f"test:{idempotency_key}", reason="card declined")

    def payout(self, user_id, amount, idempotency_key):
        self.payouts += 1
        return payments.Payment(approved=self.payout_ok, reference=f"test:{idempotency_key}", reason="account closed")


def test_a_replayed_deposit_does_not_charge_the_card_again(cloud, customer, monkeypatch):
    provider = CountingProvider()
    monkeypatch.setattr(payments, "provider", lambda: provider)
    key = str(uuid.uuid4())
    deposit(cloud, customer, 400, key=key)
    deposit(cloud, customer, 400, key=key)
    assert provider.charges == 1
    assert balance(cloud, customer) == 400


def test_a_declined_card_is_402_and_moves_nothing(cloud, customer, monkeypatch):
    monkeypatch.setattr(payments, "provider", lambda: CountingProvider(charge_ok=False))
    answer = deposit(cloud, customer, 400)
    assert answer.status == 402
    assert answer.error_code == "PAYMENT_DECLINED"
    assert balance(cloud, customer) == 0
    assert cloud.call("GET", "/wallet/entries", user=customer).body["items"] == []


def test_a_payout_the_bank_refuses_is_reversed_and_the_key_may_be_retried(cloud, customer, admin, monkeypatch):
    deposit(cloud, customer, 1000)
    provider = CountingProvider(payout_ok=False)
    monkeypatch.setattr(payments, "provider", lambda: provider)
    key = str(uuid.uuid4())
    refused = withdraw(cloud, customer, 600, key=key)
    assert refused.status == 402
    assert refused.error_code == "PAYOUT_DECLINED"
    assert balance(cloud, customer) == 1000
    statement = cloud.call("GET", "/wallet/entries", user=customer).body["items"]
    assert [(entry["type"], entry["amount"]["amount"]) for entry in statement] == [
        ("REVERSAL", 600),
        ("WITHDRAWAL", -600),
        ("DEPOSIT", 1000),
    ]
    provider.payout_ok = True
    retried = withdraw(cloud, customer, 600, key=key)
    assert retried.status == 201
    assert provider.payouts == 2
    assert balance(cloud, customer) == 400
    assert trial_balance(cloud, admin)["balanced"] is True
