"""The in-memory table and unit of work behind every fake store."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from estore.domain.events import DomainEvent
from estore.errors import Conflict, DomainError
from estore.store.uow import MAX_ITEMS, TooManyWrites, Transaction, merged


class TransactionInvalid(Exception):
    """What DynamoDB answers with a ValidationException: a bug in the caller, not a broken condition."""


@dataclass
class FakeTable:
    """The state the fake stores share, one dict per kind of item, holding the store's records."""

    accounts: dict[str, Any] = field(default_factory=dict)
    statement_lines: dict[str, dict[tuple[str, str], Any]] = field(default_factory=dict)
    journal: dict[str, Any] = field(default_factory=dict)
    idempotency: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    offers: dict[str, Any] = field(default_factory=dict)  # estore.domain.catalog.Offer by id
    titles: dict[str, str] = field(default_factory=dict)  # product id -> title (the product exists)
    sellers: dict[str, Any] = field(default_factory=dict)  # SellerProfile by id
    offer_claims: dict[str, str] = field(default_factory=dict)  # claim -> offer id
    carts: dict[str, Any] = field(default_factory=dict)  # StoredCart by customer
    orders: dict[str, Any] = field(default_factory=dict)  # Order by id
    order_numbers: dict[str, str] = field(default_factory=dict)  # number -> order id
    outbox: list[DomainEvent] = field(default_factory=list)
    commits: int = 0  # transactions that wrote (one TransactWriteItems each on DynamoDB)

    def events(self, detail_type: str | None = None) -> list[DomainEvent]:
        """The events committed so far (of one type), oldest first."""
        return [event for event in self.outbox if detail_type in (None, event.detail_type)]


@dataclass
class _Operation:
    item: Hashable  # the item it touches: a transaction may touch each item once
    holds: Callable[[], bool]
    apply: Callable[[], object]
    on_condition_failed: DomainError | None


class FakeUnitOfWork:
    """Writes added by the fake stores; `commit()` checks every condition first, then applies all."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table
        self.operations: list[_Operation] = []

    def add(
        self,
        item: Hashable,
        apply: Callable[[], object],
        *,
        holds: Callable[[], bool] | None = None,
        on_condition_failed: DomainError | None = None,
    ) -> FakeUnitOfWork:
        if len(self.operations) >= MAX_ITEMS:
            raise TooManyWrites(f"One change may touch at most {MAX_ITEMS} items.")
        self.operations.append(_Operation(item, holds or (lambda: True), apply, on_condition_failed))
        return self

    def emit(self, event: DomainEvent, *, retention_seconds: int = 24 * 3600) -> FakeUnitOfWork:
        return self.add(("OUTBOX", event.id), lambda: self.table.outbox.append(event))

    def __len__(self) -> int:
        return len(self.operations)

    def commit(self, *, client_token: str | None = None) -> None:
        if not self.operations:
            return
        operations, self.operations = self.operations, []
        touched = [operation.item for operation in operations]
        if len(set(touched)) != len(touched):
            raise TransactionInvalid("Transaction request cannot include multiple operations on one item")
        failed = [
            operation.on_condition_failed or Conflict("The data changed while this request ran; try again.")
            for operation in operations
            if not operation.holds()
        ]
        if failed:
            raise merged(failed)
        for operation in operations:
            operation.apply()
        self.table.commits += 1


def writes_into(uow: Transaction) -> FakeUnitOfWork:
    """The fake unit of work a fake store writes into (the DynamoDB one is a wiring bug here)."""
    if not isinstance(uow, FakeUnitOfWork):
        raise TypeError(f"the fake store needs a FakeUnitOfWork, not {type(uow).__name__}")
    return uow
