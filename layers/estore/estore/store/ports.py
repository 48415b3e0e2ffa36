"""Ports: what the services need from the store, as Protocols, and the DynamoDB implementation of each.

A service takes its ports as a parameter; None (the default) means the DynamoDB ones, `dynamo_ledger()`,
`dynamo_checkout()`, `dynamo_catalog()`, each made on first use, so handlers pass nothing and a unit test passes the
in-memory fakes of `tests/fakes`. The store modules themselves implement the protocols (mypy checks a
module against a Protocol), so nothing is wrapped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from estore.store.uow import Transaction

if TYPE_CHECKING:  # types only: the wallet's functions never load the catalog's models (cold start)
    from estore.domain.catalog import Offer
    from estore.domain.events import DomainEvent
    from estore.domain.identity import SellerProfile, UserProfile
    from estore.domain.ledger import Entry
    from estore.domain.money import Money
    from estore.domain.orders import Order
    from estore.errors import Conflict, DomainError
    from estore.store.records import (
        Account,
        CartItem,
        ForSale,
        IdempotencyRecord,
        JournalEntry,
        StatementLine,
        StoredCart,
    )

Position = dict[str, Any]

__all__ = [
    "Carts",
    "CatalogPorts",
    "CheckoutPorts",
    "IdempotencyRecords",
    "Ledger",
    "LedgerPorts",
    "Offers",
    "Orders",
    "Position",
    "Sellers",
    "Transaction",
    "Users",
    "dynamo_catalog",
    "dynamo_checkout",
    "dynamo_ledger",
]


class Ledger(Protocol):
    """Accounts and the journal (`estore.store.accounts`)."""

    def unit_of_work(self) -> Transaction: ...

    def balances(self, account_ids: list[str]) -> dict[str, int]:
        """Balances of the accounts that exist; a missing account is absent."""
        ...

    def open_account(self, account_id: str, owner: str, now: str, opened: DomainEvent) -> None:
        """The account at zero with its event; an account already open is left alone."""
        ...

    def post(self, uow: Transaction, entry: Entry, seen: dict[str, int]) -> dict[str, int | None]:
        """Adds the entry to `uow`: a wallet is written only if it still holds `seen` (else the commit
        raises Conflict BALANCE_CHANGED). Answers each account's balance after (None for the platform's)."""
        ...

    def statement(
        self, account_id: str, limit: int, start: Position | None
    ) -> tuple[list[StatementLine], Position | None]:
        """One page of the account's lines, newest first, and the position after it."""
        ...

    def journal(self) -> list[JournalEntry]:
        """Every journal entry (the trial balance)."""
        ...

    def accounts(self) -> list[Account]:
        """Every account (the trial balance)."""
        ...


class IdempotencyRecords(Protocol):
    """First answers to (use case, caller, Idempotency-Key) (`estore.store.idempotency`)."""

    def get_record(self, scope: str, owner: str, key: str) -> IdempotencyRecord | None: ...

    def claim(self, scope: str, owner: str, key: str, fingerprint: str, token: str, now_epoch: int) -> bool:
        """True for exactly one of two twins; a stale claim may be taken again."""
        ...

    def release(self, scope: str, owner: str, key: str, token: str) -> None: ...

    def add_record(
        self,
        uow: Transaction,
        scope: str,
        owner: str,
        key: str,
        fingerprint: str,
        result: dict[str, Any],
        now_epoch: int,
        *,
        claim_token: str | None = None,
    ) -> None:
        """The answer, in the change's transaction; a key already answered fails it with IDEMPOTENT_REPLAY."""
        ...

    def forget(self, uow: Transaction, scope: str, owner: str, key: str) -> None:
        """The key freed again, in the transaction that undoes what it answered for."""
        ...


class Users(Protocol):
    """User profiles (`estore.store.identity`)."""

    def get_user_profile(self, user_id: str) -> UserProfile | None: ...


class Carts(Protocol):
    """Carts as checkout sees them (`estore.store.cart`)."""

    def cart_of(self, customer_id: str) -> StoredCart: ...

    def for_sale(self, lines: Sequence[CartItem]) -> dict[str, ForSale]:
        """Each line's offer, product title and seller standing now, by offer id."""
        ...

    def clear_cart(self, uow: Transaction, customer_id: str, version: int, changed: Conflict) -> None:
        """The cart goes in `uow` if it is still at `version` (else `changed`)."""
        ...


class Orders(Protocol):
    """Orders and stock (`estore.store.orders`)."""

    def take_stock(
        self, uow: Transaction, offer_id: str, quantity: int, price_amount: int, refused: DomainError
    ) -> None:
        """Stock taken in `uow` only if the offer has `quantity` at `price_amount` (else `refused`)."""
        ...

    def add_order(self, uow: Transaction, order: Order) -> None:
        """The order in `uow`; a number another order holds fails it with ORDER_NUMBER_TAKEN."""
        ...

    def placed_order(self, order_id: str) -> Order | None: ...


class Sellers(Protocol):
    """Seller profiles (`estore.store.identity`)."""

    def get_seller(self, seller_id: str) -> SellerProfile | None: ...


class Offers(Protocol):
    """Offers and the products they are on (`estore.store.catalog`)."""

    def unit_of_work(self) -> Transaction: ...

    def find_offer(self, offer_id: str) -> Offer | None: ...

    def require_product(self, uow: Transaction, product_id: str, missing: DomainError) -> None:
        """`uow` fails with `missing` unless the product exists."""
        ...

    def add_offer(
        self, uow: Transaction, offer: dict[str, Any], claim: str, created_at: str, taken: DomainError
    ) -> None:
        """The offer and its claim; a claim held by another offer fails `uow` with `taken`."""
        ...

    def change_offer(
        self,
        uow: Transaction,
        offer: Offer,
        *,
        price: Money | None,
        stock: int | None,
        condition_note: str | None,
        correlation_id: str,
        missing: DomainError,
    ) -> None:
        """The fields given; `missing` unless the offer still exists and is still its seller's."""
        ...

    def remove_offer(self, uow: Transaction, offer: Offer) -> None:
        """The offer and its claim (the seller may list the same thing again)."""
        ...


@dataclass(frozen=True, slots=True)
class LedgerPorts:
    """What the wallet, ledger and postings services use."""

    ledger: Ledger
    records: IdempotencyRecords
    users: Users


@cache
def dynamo_ledger() -> LedgerPorts:
    """The wallet's and the ledger's DynamoDB ports (made on first use)."""
    from estore.store import accounts, idempotency, identity

    return LedgerPorts(ledger=accounts, records=idempotency, users=identity)


@dataclass(frozen=True, slots=True)
class CheckoutPorts:
    """What checkout uses: the ledger's ports (the payment), carts, orders and stock."""

    ledger: LedgerPorts
    carts: Carts
    orders: Orders


@cache
def dynamo_checkout() -> CheckoutPorts:
    """Checkout's DynamoDB ports (made on first use: only checkout loads the cart and order modules)."""
    from estore.store import cart, orders

    return CheckoutPorts(ledger=dynamo_ledger(), carts=cart, orders=orders)


@dataclass(frozen=True, slots=True)
class CatalogPorts:
    """What the offer use cases use: offers (and their products) and the sellers' standing."""

    offers: Offers
    sellers: Sellers


@cache
def dynamo_catalog() -> CatalogPorts:
    """The offer use cases' DynamoDB ports (made on first use)."""
    from estore.store import catalog, identity

    return CatalogPorts(offers=catalog, sellers=identity)
