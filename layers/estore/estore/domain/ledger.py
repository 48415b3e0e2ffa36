"""The ledger: every money movement is one journal entry whose lines sum to zero (debits = credits).

Sign convention: a line's `delta` is what it does to its account's balance. Wallets are what the
platform owes its users, so a credit raises a wallet (+) and a debit lowers it (-). The platform's
EXTERNAL account mirrors money outside the system (it goes negative by what users hold), FEES holds
the platform's revenue. A balanced entry has sum(delta) == 0; so does the whole journal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictInt

from estore.domain.ids import EntityId
from estore.domain.models import ApiModel, RequestModel
from estore.domain.money import MAX_AMOUNT, Money, SignedMoney
from estore.domain.text import one_line

EXTERNAL = "platform-external"
FEES = "platform-fees"
PLATFORM_ACCOUNTS = frozenset({EXTERNAL, FEES})


class EntryType(StrEnum):
    DEPOSIT = "DEPOSIT"
    WITHDRAWAL = "WITHDRAWAL"
    TRANSFER = "TRANSFER"
    ORDER_PAYMENT = "ORDER_PAYMENT"
    ADMIN_CREDIT = "ADMIN_CREDIT"
    REVERSAL = "REVERSAL"  # a withdrawal the bank refused: the money comes back


class Unbalanced(ValueError):
    """A bug, never user input: an entry whose lines do not sum to zero must never be written."""


@dataclass(frozen=True)
class Line:
    account_id: str
    delta: int
    extra: dict[str, Any] | None = None  # what this account's statement shows beside the amount


@dataclass(frozen=True)
class Entry:
    id: str
    type: EntryType
    lines: tuple[Line, ...]
    reference: str
    created_at: str
    correlation_id: str

    def __post_init__(self) -> None:
        if sum(line.delta for line in self.lines) != 0:
            raise Unbalanced(f"entry {self.id} does not balance: {[line.delta for line in self.lines]}")
        if any(line.delta == 0 for line in self.lines) or len(self.lines) < 2:
            raise Unbalanced(f"entry {self.id} needs two or more non-zero lines")
        if len({line.account_id for line in self.lines}) != len(self.lines):
            raise Unbalanced(f"entry {self.id} names an account twice")

    @property
    def debits(self) -> int:
        return -sum(line.delta for line in self.lines if line.delta < 0)

    @property
    def credits(self) -> int:
        return sum(line.delta for line in self.lines if line.delta > 0)


def is_wallet(account_id: str) -> bool:
    """Users' wallets may never go below zero; the platform's accounts are bookkeeping."""
    return account_id not in PLATFORM_ACCOUNTS


def platform_fee(subtotal: int, basis_points: int) -> int:
    """The platform's cut of a seller's subtotal, rounded down (the seller never pays a fraction more)."""
    return subtotal * basis_points // 10_000


def order_payment_lines(
    customer_id: str, total: int, subtotals: dict[str, int], basis_points: int
) -> list[tuple[str, int]]:
    """Customer pays the total; each seller gets its subtotal less the fee; the fees account the rest."""
    lines = [(customer_id, -total)]
    fees = 0
    for seller_id, subtotal in sorted(subtotals.items()):
        fee = platform_fee(subtotal, basis_points)
        fees += fee
        if subtotal - fee:
            lines.append((seller_id, subtotal - fee))
    if fees:
        lines.append((FEES, fees))
    return lines


def balances_after(lines: Sequence[Line], balances: dict[str, int]) -> dict[str, int]:
    return {line.account_id: balances.get(line.account_id, 0) + line.delta for line in lines}


Amount = Annotated[StrictInt, Field(gt=0, le=MAX_AMOUNT, description="minor units, more than zero")]


class MoneyAmount(Money):
    amount: Amount


class MoneyRequest(RequestModel):
    """POST /wallet/deposits and /wallet/withdrawals."""

    amount: MoneyAmount


class TransferRequest(RequestModel):
    """POST /wallet/transfers."""

    to_user_id: EntityId
    amount: MoneyAmount


class AdminCredit(RequestModel):
    """POST /admin/accounts/{userId}/credits: a journaled credit by an operator (e.g. a goodwill refund)."""

    amount: MoneyAmount
    reason: Annotated[str, Field(min_length=3, max_length=200), AfterValidator(one_line)] = Field(
        description='shown to the customer on the statement as "Credit from Estore: <reason>"'
    )


class Wallet(ApiModel):
    balance: Money


class WalletEntry(ApiModel):
    id: str
    type: EntryType
    amount: SignedMoney = Field(description="what the entry did to this wallet: negative for money out")
    balance_after: Money
    created_at: str
    reference: str


class TrialBalance(ApiModel):
    balanced: bool = Field(description="debits equal credits over the whole journal, and balances match it")
    totals: dict[str, int]
    entries: int
    accounts: int
    mismatches: list[dict[str, Any]]
