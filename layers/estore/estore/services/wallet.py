"""Wallets: deposits, withdrawals, transfers, admin credits, the balance and the statement.
How each movement is written is in services/postings.py."""

from __future__ import annotations

from estore import clock, payments
from estore.auth import Principal
from estore.config import get_settings
from estore.deadline import Deadline
from estore.domain.ids import new_id
from estore.domain.ledger import EXTERNAL, Entry, EntryType, Line, MoneyAmount, TransferRequest, Wallet, WalletEntry
from estore.domain.money import Money, SignedMoney
from estore.domain.pagination import Page
from estore.errors import Forbidden, NotFound, ValidationFailed
from estore.observability import logger, metrics
from estore.services.paging import each, paged
from estore.services.postings import (
    PaymentDeclined,
    check_amount,
    journal_events,
    movement,
    posted,
    spending,
)
from estore.store import keys
from estore.store.ports import LedgerPorts, Transaction, dynamo_ledger

ADMIN_CREDIT_REFERENCE = "Credit from Estore"


def _provider(code: str, message: str) -> payments.PaymentProvider:
    provider = payments.provider()
    if provider is None:
        raise Forbidden(message, code=code)
    return provider


def deposit(
    principal: Principal,
    amount: MoneyAmount,
    *,
    idempotency_key: str | None,
    correlation_id: str,
    deadline: Deadline,
    ports: LedgerPorts | None = None,
) -> WalletEntry:
    """Money in through the payment provider; refused where no provider is configured."""
    ports = ports or dynamo_ledger()
    check_amount(amount)
    provider = _provider("DEPOSITS_DISABLED", "This store takes no deposits: no payment provider is configured.")

    def charge() -> str:
        payment = provider.charge(principal.user_id, amount, idempotency_key or new_id())
        if not payment.approved:
            raise PaymentDeclined(f"The payment was declined: {payment.reason}.")
        return payment.reference

    result, _ = movement(
        principal,
        scope="deposit",
        body={"amount": amount.model_dump()},
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
        entry_type=EntryType.DEPOSIT,
        lines=lambda seen: [(EXTERNAL, -amount.amount), (principal.user_id, amount.amount)],
        owners={principal.user_id: principal.user_id, EXTERNAL: "platform"},
        reference="",
        event=("MoneyDeposited", {"userId": principal.user_id, "amount": amount.model_dump()}),
        prepare=charge,
        ports=ports,
    )
    metrics.add_metric(name="MoneyDeposited", unit="Count", value=amount.amount)
    return result


def withdraw(
    principal: Principal,
    amount: MoneyAmount,
    *,
    idempotency_key: str | None,
    correlation_id: str,
    deadline: Deadline,
    ports: LedgerPorts | None = None,
) -> WalletEntry:
    """Money out to the user's bank: 402 beyond the balance; paid out only once the debit is written."""
    ports = ports or dynamo_ledger()
    check_amount(amount)
    provider = _provider("WITHDRAWALS_DISABLED", "This store pays out nothing: no payment provider is configured.")
    key = idempotency_key or new_id()
    result, new = movement(
        principal,
        scope="withdrawal",
        body={"amount": amount.model_dump()},
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
        entry_type=EntryType.WITHDRAWAL,
        lines=spending(principal.user_id, amount.amount, EXTERNAL, "withdraw"),
        owners={principal.user_id: principal.user_id, EXTERNAL: "platform"},
        reference=f"payout:{key}",
        event=("MoneyWithdrawn", {"userId": principal.user_id, "amount": amount.model_dump()}),
        ports=ports,
    )
    if not new:
        return result  # paid out when it was first made
    payout = provider.payout(principal.user_id, amount, key)
    logger.info("payout", extra={"approved": payout.approved, "reference": payout.reference})
    if not payout.approved:
        _reverse(principal, result, idempotency_key, correlation_id, deadline, ports)
        raise PaymentDeclined(
            f"The bank refused the payout ({payout.reason}); the {amount.amount} is back in your wallet.",
            code="PAYOUT_DECLINED",
        )
    return result


def _reverse(
    principal: Principal,
    withdrawal: WalletEntry,
    idempotency_key: str | None,
    correlation_id: str,
    deadline: Deadline,
    ports: LedgerPorts,
) -> None:
    """Money that never left comes back: a reversing entry, and the withdrawal's key freed for a retry."""
    amount = -withdrawal.amount.amount
    entry_id, now = new_id(), clock.iso(clock.now())

    def build(seen: dict[str, int]) -> tuple[Entry, Transaction]:
        lines = (Line(EXTERNAL, -amount), Line(principal.user_id, amount))
        entry = Entry(entry_id, EntryType.REVERSAL, lines, f"reversal:{withdrawal.id}", now, correlation_id)
        uow = ports.ledger.unit_of_work()
        after = {principal.user_id: seen.get(principal.user_id, 0) + amount, EXTERNAL: None}
        for event in journal_events(entry, after):
            uow.emit(event)
        if idempotency_key:
            ports.records.forget(uow, "withdrawal", principal.user_id, idempotency_key)
        return entry, uow

    posted(build, [principal.user_id], deadline=deadline, ports=ports)


def transfer(
    principal: Principal,
    request: TransferRequest,
    *,
    idempotency_key: str | None,
    correlation_id: str,
    deadline: Deadline,
    ports: LedgerPorts | None = None,
) -> WalletEntry:
    """Money from the caller's wallet to another user's (never to oneself, never to nobody)."""
    ports = ports or dynamo_ledger()
    amount = request.amount
    check_amount(amount)
    if request.to_user_id == principal.user_id:
        raise ValidationFailed.field("toUserId", "you cannot send money to yourself")
    if ports.users.get_user_profile(request.to_user_id) is None:
        raise NotFound(f"No user {request.to_user_id}.", code="UNKNOWN_RECIPIENT")

    entry, _ = movement(
        principal,
        scope="transfer",
        body=request.model_dump(mode="json", by_alias=True),
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
        entry_type=EntryType.TRANSFER,
        lines=spending(principal.user_id, amount.amount, request.to_user_id, "send"),
        owners={principal.user_id: principal.user_id, request.to_user_id: request.to_user_id},
        reference=f"transfer:{request.to_user_id}",
        event=(
            "MoneySent",
            {"fromUserId": principal.user_id, "toUserId": request.to_user_id, "amount": amount.model_dump()},
        ),
        ports=ports,
    )
    return entry


def admin_credit(
    principal: Principal,
    user_id: str,
    amount: MoneyAmount,
    reason: str,
    *,
    idempotency_key: str | None,
    correlation_id: str,
    deadline: Deadline,
    ports: LedgerPorts | None = None,
) -> WalletEntry:
    """An operator credits a wallet (no provider involved); journaled like everything else."""
    ports = ports or dynamo_ledger()
    check_amount(amount)
    if ports.users.get_user_profile(user_id) is None:
        raise NotFound(f"No user {user_id}.")
    entry, _ = movement(
        principal,
        scope="admin-credit",
        body={"userId": user_id, "amount": amount.model_dump(), "reason": reason},
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        deadline=deadline,
        entry_type=EntryType.ADMIN_CREDIT,
        lines=lambda seen: [(EXTERNAL, -amount.amount), (user_id, amount.amount)],
        owners={user_id: user_id, EXTERNAL: "platform"},
        # The customer sees who paid, not which operator did it (that is in the log and the event).
        reference=f"{ADMIN_CREDIT_REFERENCE}: {reason}",
        event=("MoneyDeposited", {"userId": user_id, "amount": amount.model_dump(), "by": principal.user_id}),
        viewer=user_id,
        ports=ports,
    )
    logger.info("admin credit", extra={"admin": principal.user_id, "user_id": user_id, "amount": amount.amount})
    return entry


def wallet(principal: Principal, ports: LedgerPorts | None = None) -> Wallet:
    ports = ports or dynamo_ledger()
    balance = ports.ledger.balances([principal.user_id]).get(principal.user_id, 0)
    return Wallet(balance=Money(amount=balance, currency=get_settings().currency))


def entries(
    principal: Principal, limit: int, cursor: str | None, ports: LedgerPorts | None = None
) -> Page[WalletEntry]:
    """GET /wallet/entries: the caller's statement, newest first."""
    ports = ports or dynamo_ledger()
    currency = get_settings().currency
    return paged(
        keys.account_partition(principal.user_id),
        cursor,
        lambda start: ports.ledger.statement(principal.user_id, limit, start),
        each(
            lambda line: WalletEntry(
                id=line.entry_id,
                type=EntryType(line.entry_type),
                amount=SignedMoney(amount=line.delta, currency=currency),
                balance_after=Money(amount=line.balance_after or 0, currency=currency),
                created_at=line.created_at,
                reference=line.reference,
            )
        ),
    )
