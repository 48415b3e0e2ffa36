"""Checkout's business rules against the in-memory store (tests/fakes): no moto, no network.

The wiring (the real handler, one TransactWriteItems on moto) is in tests/integration/test_shopping.py;
the fakes' agreement with the DynamoDB store is tests/integration/test_store_contract.py.
"""

from collections.abc import Iterator

import pytest

from estore.auth import Principal
from estore.config import get_settings
from estore.deadline import Deadline
from estore.domain.ledger import EXTERNAL, FEES, MoneyAmount
from estore.domain.money import Money
from estore.domain.orders import Checkout, Order
from estore.errors import Conflict
from estore.services import checkout as checkout_service
from estore.services import ledger, wallet
from estore.services.checkout import EmptyCart
from estore.services.postings import InsufficientFunds
from estore.store.ports import CheckoutPorts
from tests.fakes import FakeShop, FakeTable, FakeUsers, fake_checkout_ports

ENVIRONMENT = {"TABLE_NAME": "estore-unit", "PAYMENT_PROVIDER": "fake", "PLATFORM_FEE_BPS": "500"}


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def table() -> FakeTable:
    return FakeTable()


@pytest.fixture
def ports(table: FakeTable) -> CheckoutPorts:
    return fake_checkout_ports(table)


@pytest.fixture
def shop(table: FakeTable) -> FakeShop:
    return FakeShop(table)


@pytest.fixture
def alice(ports: CheckoutPorts) -> Principal:
    """A customer whose wallet holds 2,000."""
    users = ports.ledger.users
    assert isinstance(users, FakeUsers)
    users.add("alice")
    principal = Principal(user_id="alice", username="alice", email=None, roles=frozenset({"customers"}))
    money = MoneyAmount(amount=2000, currency="USD")
    options = {"correlation_id": "c", "deadline": Deadline.within(5), "ports": ports.ledger}
    wallet.deposit(principal, money, idempotency_key=None, **options)  # type: ignore[arg-type]
    return principal


def place(who: Principal, ports: CheckoutPorts, *, key: str | None = None, expected: int | None = None) -> Order:
    request = Checkout(expected_total=None if expected is None else Money(amount=expected, currency="USD"))
    return checkout_service.checkout(
        who, request, idempotency_key=key, correlation_id="c", deadline=Deadline.within(5), ports=ports
    )


def balance(account_id: str, ports: CheckoutPorts) -> int:
    return ports.ledger.ledger.balances([account_id]).get(account_id, 0)


def test_checkout_takes_the_stock_clears_the_cart_and_pays_each_seller_less_the_fee(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop, table: FakeTable
) -> None:
    # Given a cart with 2 bricks at 300 from one store and a lamp at 400 from another
    shop.offer("brick", shop.seller("bricks"), price=300, stock=5)
    shop.offer("lamp", shop.seller("lamps"), price=400, stock=1, title="Lamp")
    shop.add_to_cart("alice", "brick", 2)
    shop.add_to_cart("alice", "lamp", 1)
    # When she checks out
    order = place(alice, ports)
    # Then one order of 1,000 is placed, the stock is taken, the cart is gone
    assert order.total.amount == 1000
    assert [(line.offer_id, line.quantity, line.line_total.amount) for line in order.lines] == [
        ("brick", 2, 600),
        ("lamp", 1, 400),
    ]
    assert (shop.stock("brick"), shop.stock("lamp")) == (3, 0)
    assert not ports.carts.cart_of("alice").lines
    # And the wallet paid 1,000: each store its subtotal less 5 %, the fee account the rest
    assert balance("alice", ports) == 1000
    assert (balance("bricks", ports), balance("lamps", ports), balance(FEES, ports)) == (570, 380, 50)
    assert ledger.trial_balance(ports.ledger).balanced
    assert {"OrderPlaced", "ItemsRemovedFromCart", "JournalEntryCreated"} <= {e.detail_type for e in table.events()}


def test_an_empty_cart_is_400(alice: Principal, ports: CheckoutPorts) -> None:
    with pytest.raises(EmptyCart) as empty:
        place(alice, ports)
    assert empty.value.status == 400


def test_a_wallet_short_of_the_total_is_402_and_changes_nothing(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop
) -> None:
    # Given a cart of 2,100 and a wallet of 2,000
    shop.offer("brick", shop.seller("bricks"), price=700, stock=5)
    shop.add_to_cart("alice", "brick", 3)
    # When she checks out, Then 402 with the balance and the total, and nothing moved
    with pytest.raises(InsufficientFunds) as short:
        place(alice, ports)
    assert short.value.details == [{"balance": 2000, "total": 2100}]
    assert shop.stock("brick") == 5
    assert len(ports.carts.cart_of("alice").lines) == 1
    assert balance("alice", ports) == 2000


def test_more_than_the_stock_is_409_naming_the_line_and_what_is_left(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop
) -> None:
    shop.offer("brick", shop.seller("bricks"), price=100, stock=5)
    shop.add_to_cart("alice", "brick", 4)
    shop.offer("brick", "bricks", price=100, stock=3)  # sold elsewhere since
    with pytest.raises(Conflict) as refused:
        place(alice, ports)
    assert refused.value.code == "OUT_OF_STOCK"
    assert refused.value.details == [{"offerId": "brick", "reason": "OUT_OF_STOCK", "requested": 4, "available": 3}]
    assert balance("alice", ports) == 2000


def test_a_suspended_sellers_line_or_a_withdrawn_offer_cannot_be_bought(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop
) -> None:
    # Given a line from a store that was suspended and a line whose offer was withdrawn
    shop.offer("brick", shop.seller("bricks"), price=100, stock=5)
    shop.offer("lamp", shop.seller("lamps"), price=100, stock=5)
    shop.add_to_cart("alice", "brick", 1)
    shop.add_to_cart("alice", "lamp", 1)
    shop.seller("bricks", active=False)
    shop.withdraw("lamp")
    # When she checks out, Then 409 naming both lines and why
    with pytest.raises(Conflict) as refused:
        place(alice, ports)
    assert {(d["offerId"], d["reason"]) for d in refused.value.details} == {
        ("brick", "SELLER_SUSPENDED"),
        ("lamp", "WITHDRAWN"),
    }
    assert shop.stock("brick") == 5


def test_a_price_changed_since_it_was_added_is_409_unless_the_new_total_is_agreed(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop
) -> None:
    # Given a line added at 100 whose offer now costs 120
    shop.offer("brick", shop.seller("bricks"), price=100, stock=5)
    shop.add_to_cart("alice", "brick", 2)
    shop.reprice("brick", 120)
    # When she checks out without agreeing, Then 409 PRICE_CHANGED naming the old and new price
    with pytest.raises(Conflict) as changed:
        place(alice, ports)
    assert changed.value.code == "PRICE_CHANGED"
    assert changed.value.details == [
        {"offerId": "brick", "was": {"amount": 100, "currency": "USD"}, "now": {"amount": 120, "currency": "USD"}}
    ]
    # When she agrees to the new total, Then the order is placed at today's price
    assert place(alice, ports, expected=240).total.amount == 240


def test_a_replayed_checkout_answers_the_first_order_and_charges_once(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop
) -> None:
    shop.offer("brick", shop.seller("bricks"), price=100, stock=5)
    shop.add_to_cart("alice", "brick", 2)
    first = place(alice, ports, key="checkout-0001")
    again = place(alice, ports, key="checkout-0001")
    assert again == first
    assert balance("alice", ports) == 1800
    assert shop.stock("brick") == 3


def test_stock_sold_while_checking_out_is_409_with_the_line_as_it_stands_now(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given another customer buys the last bricks between this checkout's read and its write
    shop.offer("brick", shop.seller("bricks"), price=100, stock=2)
    shop.add_to_cart("alice", "brick", 2)
    take_stock = ports.orders.take_stock

    def sold_meanwhile(uow, offer_id, quantity, price_amount, refused):  # type: ignore[no-untyped-def]
        shop.offer("brick", "bricks", price=100, stock=1)
        take_stock(uow, offer_id, quantity, price_amount, refused)

    monkeypatch.setattr(ports.orders, "take_stock", sold_meanwhile)
    # When she checks out, Then the transaction's stock condition fails and the answer is today's stock
    with pytest.raises(Conflict) as refused:
        place(alice, ports)
    assert refused.value.details == [{"offerId": "brick", "reason": "OUT_OF_STOCK", "requested": 2, "available": 1}]
    assert balance("alice", ports) == 2000
    assert ledger.trial_balance(ports.ledger).balanced


def test_an_order_number_already_taken_is_replaced_by_a_fresh_one(
    alice: Principal, ports: CheckoutPorts, shop: FakeShop, table: FakeTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the first number drawn belongs to another order already
    shop.offer("brick", shop.seller("bricks"), price=100, stock=5)
    shop.add_to_cart("alice", "brick", 1)
    table.order_numbers["ES-AAAA-AAAA"] = "someone-elses"
    numbers = iter(["ES-AAAA-AAAA", "ES-BBBB-BBBB"])
    monkeypatch.setattr(checkout_service, "new_order_number", lambda: next(numbers))
    # When she checks out, Then the order is placed once, under the next number
    order = place(alice, ports)
    assert order.number == "ES-BBBB-BBBB"
    assert balance("alice", ports) == 1900
    assert balance(EXTERNAL, ports) == -2000
