"""Checkout's part of the store's contract: carts, stock and orders behave the same in the in-memory fakes
(tests/fakes) and in the DynamoDB store (moto), and checkout over either leaves the same shop and books."""

from __future__ import annotations

import pytest

from estore.auth import Principal
from estore.deadline import Deadline
from estore.domain.catalog import Condition
from estore.domain.ledger import FEES, MoneyAmount
from estore.domain.money import Money
from estore.domain.orders import Checkout, Order, OrderLine, OrderStatus
from estore.errors import Conflict
from estore.services import checkout, ledger, wallet
from estore.services.postings import InsufficientFunds
from estore.store.records import CartItem, StoredCart
from tests.integration.store_contract_support import AT, Backend, backend

__all__ = ["backend"]  # the fixture: each test runs once per store


def _customer(backend: Backend, funds: int = 0) -> Principal:
    user_id = backend.new_user()
    principal = Principal(user_id=user_id, username=user_id, email=None, roles=frozenset({"customers"}))
    if funds:
        wallet.deposit(
            principal,
            MoneyAmount(amount=funds, currency="USD"),
            idempotency_key=None,
            correlation_id="c",
            deadline=Deadline.within(10),
            ports=backend.ports,
        )
    return principal


def _stock(backend: Backend, offer_id: str) -> int:
    line = CartItem(offer_id, "unused", "unused", 1, 0, "USD")
    offer = backend.checkout.carts.for_sale([line])[offer_id].offer
    assert offer is not None
    return offer.stock


def _order(customer_id: str, offer_id: str, seller_id: str, number: str) -> Order:
    unit = Money(amount=100, currency="USD")
    line = OrderLine(
        offer_id=offer_id, product_id="p", title="Brick", condition=Condition.NEW, seller_id=seller_id,
        seller_name="S", quantity=1, unit_price=unit, line_total=unit,
    )  # fmt: skip
    return Order(
        id=f"order-{number}",
        number=number,
        status=OrderStatus.PLACED,
        customer_id=customer_id,
        lines=[line],
        total=unit,
        created_at=AT,
    )


def test_a_cart_reads_back_typed_with_its_version(backend: Backend) -> None:
    offer_id, seller_id = backend.list_offer(250, 4)
    customer = _customer(backend)
    assert backend.checkout.carts.cart_of(customer.user_id) == StoredCart((), 0)
    backend.add_to_cart(customer.user_id, offer_id, 2)
    cart = backend.checkout.carts.cart_of(customer.user_id)
    assert cart.version == 1
    [line] = cart.lines
    assert (line.offer_id, line.seller_id, line.quantity, line.unit_price, line.currency) == (
        offer_id,
        seller_id,
        2,
        250,
        "USD",
    )
    [now] = backend.checkout.carts.for_sale(cart.lines).values()
    assert now.offer is not None
    assert (now.offer.price.amount, now.offer.stock, now.title, now.seller_active) == (250, 4, "Brick", True)


def test_an_offer_that_does_not_exist_is_not_for_sale(backend: Backend) -> None:
    line = CartItem("no-such-offer", "no-such-product", "no-such-seller", 1, 100, "USD")
    [now] = backend.checkout.carts.for_sale([line]).values()
    assert (now.offer, now.title, now.seller_active) == (None, None, False)


def test_stock_is_taken_only_when_there_is_enough_at_the_price_seen(backend: Backend) -> None:
    offer_id, _ = backend.list_offer(100, 3)
    refused = Conflict("no", code="OUT_OF_STOCK")
    for quantity, price in ((4, 100), (1, 99)):
        uow = backend.ports.ledger.unit_of_work()
        backend.checkout.orders.take_stock(uow, offer_id, quantity, price, refused)
        with pytest.raises(Conflict) as conflict:
            uow.commit()
        assert conflict.value.code == "OUT_OF_STOCK"
    uow = backend.ports.ledger.unit_of_work()
    backend.checkout.orders.take_stock(uow, offer_id, 3, 100, refused)
    uow.commit()
    assert _stock(backend, offer_id) == 0


def test_each_broken_stock_condition_is_named_in_one_error(backend: Backend) -> None:
    first, _ = backend.list_offer(100, 1)
    second, _ = backend.list_offer(100, 1)
    uow = backend.ports.ledger.unit_of_work()
    for offer_id in (first, second):
        refused = Conflict("no", code="OUT_OF_STOCK", details=[{"offerId": offer_id}])
        backend.checkout.orders.take_stock(uow, offer_id, 2, 100, refused)
    with pytest.raises(Conflict) as conflict:
        uow.commit()
    assert conflict.value.details == [{"offerId": first}, {"offerId": second}]


def test_an_order_reads_back_as_placed_and_its_number_is_taken_once(backend: Backend) -> None:
    offer_id, seller_id = backend.list_offer(100, 3)
    customer = _customer(backend)
    order = _order(customer.user_id, offer_id, seller_id, "ES-TEST-0001")
    uow = backend.ports.ledger.unit_of_work()
    backend.checkout.orders.add_order(uow, order)
    uow.commit()
    assert backend.checkout.orders.placed_order(order.id) == order
    assert backend.checkout.orders.placed_order("order-none") is None
    twin = order.model_copy(update={"id": "order-other"})
    uow = backend.ports.ledger.unit_of_work()
    backend.checkout.orders.add_order(uow, twin)
    with pytest.raises(Conflict) as taken:
        uow.commit()
    assert taken.value.code == "ORDER_NUMBER_TAKEN"
    assert backend.checkout.orders.placed_order("order-other") is None


def test_a_cart_is_cleared_only_at_the_version_that_was_read(backend: Backend) -> None:
    offer_id, _ = backend.list_offer(100, 3)
    customer = _customer(backend)
    backend.add_to_cart(customer.user_id, offer_id, 1)
    changed = Conflict("changed", code="CART_CHANGED")
    for version in (0, 2):
        uow = backend.ports.ledger.unit_of_work()
        backend.checkout.carts.clear_cart(uow, customer.user_id, version, changed)
        with pytest.raises(Conflict) as stale:
            uow.commit()
        assert stale.value.code == "CART_CHANGED"
    uow = backend.ports.ledger.unit_of_work()
    backend.checkout.carts.clear_cart(uow, customer.user_id, 1, changed)
    uow.commit()
    assert backend.checkout.carts.cart_of(customer.user_id) == StoredCart((), 0)


def test_the_same_checkouts_leave_the_same_shop_and_books(backend: Backend) -> None:
    offer_id, seller_id = backend.list_offer(400, 3)
    customer = _customer(backend, funds=1000)
    backend.add_to_cart(customer.user_id, offer_id, 2)
    options = {"correlation_id": "c", "deadline": Deadline.within(10), "ports": backend.checkout}

    order = checkout.checkout(customer, Checkout(), idempotency_key="checkout-0001", **options)
    again = checkout.checkout(customer, Checkout(), idempotency_key="checkout-0001", **options)
    backend.add_to_cart(customer.user_id, offer_id, 1)
    with pytest.raises(InsufficientFunds):
        checkout.checkout(customer, Checkout(), idempotency_key=None, **options)

    assert again == order
    assert order.total.amount == 800
    assert _stock(backend, offer_id) == 1
    assert len(backend.checkout.carts.cart_of(customer.user_id).lines) == 1
    balances = backend.ports.ledger.balances([customer.user_id, seller_id, FEES])
    assert balances == {customer.user_id: 200, seller_id: 760, FEES: 40}
    trial = ledger.trial_balance(backend.ports)
    assert trial.balanced, trial.mismatches
    placed = [t for t in backend.event_types() if t in {"OrderPlaced", "ItemsRemovedFromCart"}]
    assert placed == ["ItemsRemovedFromCart", "OrderPlaced"]
