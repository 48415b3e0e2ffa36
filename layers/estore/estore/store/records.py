"""What the store answers: frozen dataclasses, each built from its item in one place (`from_item`).

Services read attributes, never an item's attribute names; the item's shape (keys.py for the keys, the
`from_item` below for the rest) stays in the store. Plain dataclasses, not pydantic models: they cost
nothing at import (cold start) and validate nothing the store did not write itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the wallet's functions never load the catalog's models (cold start)
    from estore.domain.catalog import Offer


@dataclass(frozen=True, slots=True)
class Account:
    """An account's current balance (a wallet, or one of the platform's accounts)."""

    id: str
    owner: str
    balance: int

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Account:
        return cls(id=str(item["id"]), owner=str(item.get("owner", "")), balance=int(item["balance"]))


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One line of an account's statement: what one journal entry did to it."""

    account_id: str
    entry_id: str
    entry_type: str
    delta: int
    balance_after: int | None  # None on the platform's accounts, which are added to without reading
    reference: str
    created_at: str

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> StatementLine:
        after = item.get("balanceAfter")
        return cls(
            account_id=str(item["accountId"]),
            entry_id=str(item["entryId"]),
            entry_type=str(item["entryType"]),
            delta=int(item["delta"]),
            balance_after=None if after is None else int(after),
            reference=str(item.get("reference", "")),
            created_at=str(item["createdAt"]),
        )


@dataclass(frozen=True, slots=True)
class JournalLine:
    account_id: str
    delta: int


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A journal entry as written: its lines sum to zero when the books are right."""

    id: str
    entry_type: str
    lines: tuple[JournalLine, ...]
    reference: str
    created_at: str

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> JournalEntry:
        return cls(
            id=str(item["id"]),
            entry_type=str(item["entryType"]),
            lines=tuple(JournalLine(str(line["accountId"]), int(line["delta"])) for line in item["lines"]),
            reference=str(item.get("reference", "")),
            created_at=str(item["createdAt"]),
        )


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    """The first answer to (use case, caller, key); `result` is None while a twin holds only a claim."""

    fingerprint: str
    result: dict[str, Any] | None

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> IdempotencyRecord:
        result = item.get("result")
        return cls(fingerprint=str(item["fingerprint"]), result=dict(result) if result is not None else None)


@dataclass(frozen=True, slots=True)
class CartItem:
    """A cart line as stored: the offer, how many, and the price the customer saw when adding it."""

    offer_id: str
    product_id: str
    seller_id: str
    quantity: int
    unit_price: int
    currency: str

    @classmethod
    def from_item(cls, offer_id: str, line: Mapping[str, Any]) -> CartItem:
        return cls(
            offer_id=offer_id,
            product_id=str(line["productId"]),
            seller_id=str(line["sellerId"]),
            quantity=int(line["quantity"]),
            unit_price=int(line["unitPrice"]["amount"]),
            currency=str(line["unitPrice"]["currency"]),
        )


@dataclass(frozen=True, slots=True)
class StoredCart:
    """A customer's cart and the version it was read at (0: never had one)."""

    lines: tuple[CartItem, ...]
    version: int


@dataclass(frozen=True, slots=True)
class ForSale:
    """A cart line's offer as it stands now: the offer (None when withdrawn), its product's title (None
    when the product is gone) and whether its seller is active."""

    offer: Offer | None
    title: str | None
    seller_active: bool
