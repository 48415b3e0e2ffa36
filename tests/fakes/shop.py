"""Fakes of checkout's ports: carts (with the offers, products and sellers they point at), orders, stock."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from estore.domain.catalog import Condition, Offer, offer_claim
from estore.domain.identity import SellerProfile, SellerStatus
from estore.domain.money import Money
from estore.domain.orders import Order
from estore.errors import Conflict, DomainError
from estore.store.identity import is_active_seller
from estore.store.ports import CheckoutPorts
from estore.store.records import CartItem, ForSale, StoredCart
from estore.store.uow import Transaction
from tests.fakes.ledger import fake_ledger_ports
from tests.fakes.uow import FakeTable, writes_into


class FakeShop:
    """What a test sets up before checkout: sellers, their offers, what customers put in their carts."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def seller(self, seller_id: str, *, active: bool = True) -> str:
        status = SellerStatus.ACTIVE if active else SellerStatus.SUSPENDED
        profile = SellerProfile(id=seller_id, store_name=f"Store {seller_id}", status=status, created_at="2026-01-01")
        self.table.sellers[seller_id] = profile
        return seller_id

    def product(self, product_id: str, title: str = "Brick") -> str:
        self.table.titles[product_id] = title
        return product_id

    def offer(self, offer_id: str, seller_id: str, *, price: int, stock: int, title: str = "Brick") -> Offer:
        offer = Offer(
            id=offer_id,
            product_id=f"product-{offer_id}",
            seller_id=seller_id,
            seller_name=f"Store {seller_id}",
            condition=Condition.NEW,
            condition_note=None,
            price=Money(amount=price, currency="USD"),
            stock=stock,
            variant=None,
        )
        self.table.offers[offer_id] = offer
        self.table.offer_claims[offer_claim(offer.product_id, seller_id, offer.condition, None)] = offer_id
        self.table.titles[offer.product_id] = title
        return offer

    def reprice(self, offer_id: str, price: int) -> None:
        offer = self.table.offers[offer_id]
        self.table.offers[offer_id] = offer.model_copy(update={"price": Money(amount=price, currency="USD")})

    def withdraw(self, offer_id: str) -> None:
        del self.table.offers[offer_id]

    def stock(self, offer_id: str) -> int:
        stock: int = self.table.offers[offer_id].stock
        return stock

    def add_to_cart(self, customer_id: str, offer_id: str, quantity: int) -> StoredCart:
        """The line at the offer's current price, as the cart service adds it."""
        offer = self.table.offers[offer_id]
        cart = self.table.carts.get(customer_id) or StoredCart((), 0)
        line = CartItem(offer_id, offer.product_id, offer.seller_id, quantity, offer.price.amount, "USD")
        lines = (*(old for old in cart.lines if old.offer_id != offer_id), line)
        stored = StoredCart(lines, cart.version + 1)
        self.table.carts[customer_id] = stored
        return stored


class FakeCarts:
    """estore.store.cart in memory."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def cart_of(self, customer_id: str) -> StoredCart:
        cart: StoredCart = self.table.carts.get(customer_id) or StoredCart((), 0)
        return cart

    def for_sale(self, lines: Sequence[CartItem]) -> dict[str, ForSale]:
        table = self.table
        return {
            line.offer_id: ForSale(
                table.offers.get(line.offer_id),
                table.titles.get(line.product_id),
                is_active_seller(table.sellers.get(line.seller_id)),
            )
            for line in lines
        }

    def clear_cart(self, uow: Transaction, customer_id: str, version: int, changed: Conflict) -> None:
        writes_into(uow).add(
            ("CART", customer_id),
            partial(self.table.carts.pop, customer_id, None),
            holds=lambda: customer_id in self.table.carts and self.table.carts[customer_id].version == version,
            on_condition_failed=changed,
        )


class FakeOrders:
    """estore.store.orders in memory."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def take_stock(
        self, uow: Transaction, offer_id: str, quantity: int, price_amount: int, refused: DomainError
    ) -> None:
        def holds() -> bool:
            offer = self.table.offers.get(offer_id)
            return offer is not None and offer.stock >= quantity and offer.price.amount == price_amount

        def apply() -> None:
            offer = self.table.offers[offer_id]
            self.table.offers[offer_id] = offer.model_copy(update={"stock": offer.stock - quantity})

        writes_into(uow).add(("OFFER", offer_id), apply, holds=holds, on_condition_failed=refused)

    def add_order(self, uow: Transaction, order: Order) -> None:
        writes = writes_into(uow)
        writes.add(
            ("ORDER", order.id),
            partial(self.table.orders.__setitem__, order.id, order),
            holds=lambda: order.id not in self.table.orders,
        )
        writes.add(
            ("ORDERNUMBER", order.number),
            partial(self.table.order_numbers.__setitem__, order.number, order.id),
            holds=lambda: order.number not in self.table.order_numbers,
            on_condition_failed=Conflict("Order number taken.", code="ORDER_NUMBER_TAKEN"),
        )

    def placed_order(self, order_id: str) -> Order | None:
        order: Order | None = self.table.orders.get(order_id)
        return order


def fake_checkout_ports(table: FakeTable | None = None) -> CheckoutPorts:
    """Checkout's ports over one in-memory table (a new one by default)."""
    table = table or FakeTable()
    return CheckoutPorts(ledger=fake_ledger_ports(table), carts=FakeCarts(table), orders=FakeOrders(table))
