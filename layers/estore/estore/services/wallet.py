"""Wallets: deposits, withdrawals, transfers and the order payment, each one balanced journal entry
written with the balance changes in one TransactWriteItems.

Every posting reads the wallets it touches and writes them only if they still hold what was read;
a concurrent posting that got there first makes this one re-read and try again (so ten withdrawals of
30 from 100 at once leave exactly three standing, never a negative balance).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any

from estore import clock, payments
from estore.auth import Principal
from estore.config import get_settings
from estore.domain import idempotency as idem
from estore.domain.events import DomainEvent, Source, new_event
from estore.domain.ids import new_id
from estore.domain.ledger import (
    EXTERNAL,
    Entry,
    EntryType,
    Line,
    MoneyAmount,
    TransferRequest,
    Wallet,
    WalletEntry,
    is_wallet,
)
from estore.domain.money import Money, SignedMoney
from estore.domain.pagination import Page, decode_cursor, encode_cursor
from estore.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from estore.observability import logger, metrics
from estore.store import accounts as store
from estore.store import idempotency, keys
from estore.store import identity as identity_store
from estore.store.uow import UnitOfWork

ATTEMPTS = 30  # enough for dozens of postings racing on one wallet; each loser re-reads and retries


class InsufficientFunds(DomainError):
    status, code = 402, "INSUFFICIENT_FUNDS"


class PaymentDeclined(DomainError):
    status, code = 402, "PAYMENT_DECLINED"


def check_amount(amount: Money, field: str = "amount") -> None:
    settings = get_settings()
    if amount.currency != settings.currency:
        raise ValidationFailed.field(f"{field}.currency", f"this store's currency is {settings.currency}")
    if amount.amount > settings.max_transaction_amount:
        raise ValidationFailed.field(f"{field}.amount", f"at most {settings.max_transaction_amount} in one movement")


def account_opened(account_id: str, owner: str, correlation_id: str) -> DomainEvent:
    detail = {"accountId": account_id, "owner": owner}
    return new_event(Source.ACCOUNTS, "AccountOpened", detail, correlation_id=correlation_id)


def ensure_accounts(owners: dict[str, str], correlation_id: str) -> None:
    """Opens (AccountOpened) every wallet that does not exist yet, each in its own small write.
    Sellers' wallets open with their store and customers' with their first deposit, so in the steady
    state this writes nothing; platform accounts need no opening (their first movement creates them)."""
    wallets = [account_id for account_id in owners if is_wallet(account_id)]
    existing = store.balances(wallets) if wallets else {}
    for account_id in wallets:
        if account_id not in existing:
            opened = account_opened(account_id, owners[account_id], correlation_id)
            store.open_account(account_id, owners[account_id], clock.iso(clock.now()), opened)


def journal_events(
    entry: Entry, after: Mapping[str, int | None], kind: str | None = None, detail: dict[str, Any] | None = None
) -> list[DomainEvent]:
    """JournalEntryCreated, and the movement's own event (MoneyDeposited...) when `kind` names one."""
    currency = get_settings().currency
    journal = {
        "entryId": entry.id,
        "entryType": entry.type.value,
        "reference": entry.reference,
        "currency": currency,
        "lines": [
            {"accountId": line.account_id, "delta": line.delta, "balanceAfter": after[line.account_id]}
            for line in entry.lines
        ],
    }
    events = [new_event(Source.ACCOUNTS, "JournalEntryCreated", journal, correlation_id=entry.correlation_id)]
    if kind:
        body = {"entryId": entry.id, **(detail or {})}
        events.append(new_event(Source.ACCOUNTS, kind, body, correlation_id=entry.correlation_id))
    return events


def posted(
    build: Callable[[dict[str, int]], tuple[Entry, UnitOfWork]],
    account_ids: list[str],
    *,
    on_success: Callable[[Entry, dict[str, int | None]], None] | None = None,
) -> tuple[Entry, dict[str, int | None]]:
    """Reads the wallets, lets `build` make the entry and any other writes, posts it all; retried
    from the read whenever a wallet changed meanwhile. `build` raises to refuse (e.g. 402)."""
    for attempt in range(ATTEMPTS):
        seen = store.balances(account_ids)
        entry, uow = build(seen)
        after = store.post(uow, entry, {account_id: seen.get(account_id, 0) for account_id in account_ids})
        try:
            uow.commit()
        except Conflict as conflict:
            if conflict.code != store.BALANCE_CHANGED or attempt == ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0, 0.005 * (attempt + 1)))  # jitter, not security
            continue
        if on_success:
            on_success(entry, after)
        return entry, after
    raise AssertionError("unreachable")


def _view(entry: Entry, account_id: str, after: Mapping[str, int | None]) -> WalletEntry:
    currency = get_settings().currency
    delta = next(line.delta for line in entry.lines if line.account_id == account_id)
    return WalletEntry(
        id=entry.id,
        type=entry.type,
        amount=SignedMoney(amount=delta, currency=currency),
        balance_after=Money(amount=after[account_id] or 0, currency=currency),
        created_at=entry.created_at,
        reference=entry.reference,
    )


def _replayed(scope: str, principal: Principal, key: str, fingerprint: str) -> WalletEntry | None:
    record = idempotency.get_record(scope, principal.user_id, key)
    if record is None:
        return None
    if record["fingerprint"] != fingerprint:
        raise idem.reused_key()
    return WalletEntry.model_validate(record["result"])


def _movement(
    principal: Principal,
    *,
    scope: str,
    body: dict[str, Any],
    idempotency_key: str | None,
    correlation_id: str,
    entry_type: EntryType,
    lines: Callable[[dict[str, int]], list[tuple[str, int]]],
    owners: dict[str, str],
    reference: str,
    event: tuple[str, dict[str, Any]] | None,
    viewer: str | None = None,
    prepare: Callable[[], str] | None = None,
) -> tuple[WalletEntry, bool]:
    """The shape every wallet command shares: idempotency, accounts opened, entry posted. Answers the
    entry as `viewer`'s wallet sees it (the caller's by default) and whether it is new (not a replay).
    `prepare` runs only for a new movement, after the replay check (a charge), and gives the reference."""
    shown = viewer or principal.user_id
    key = idem.check_key(idempotency_key)
    fingerprint = idem.fingerprint(body)
    if key and (replay := _replayed(scope, principal, key, fingerprint)):
        return replay, False
    if prepare:
        reference = prepare()
    ensure_accounts(owners, correlation_id)
    entry_id, now = new_id(), clock.iso(clock.now())
    wallets = [account_id for account_id in owners if is_wallet(account_id)]

    def build(seen: dict[str, int]) -> tuple[Entry, UnitOfWork]:
        entry = Entry(
            id=entry_id,
            type=entry_type,
            lines=tuple(Line(account_id, delta) for account_id, delta in lines(seen)),
            reference=reference,
            created_at=now,
            correlation_id=correlation_id,
        )
        uow = UnitOfWork(get_settings().table_name)
        after_preview = {line.account_id: seen.get(line.account_id, 0) + line.delta for line in entry.lines}
        shown_after = {k: (v if is_wallet(k) else None) for k, v in after_preview.items()}
        for item in journal_events(entry, shown_after, *(event or (None, {}))):
            uow.emit(item)
        if key:
            view = _view(entry, shown, dict(after_preview))
            record = view.model_dump(mode="json", by_alias=True)
            idempotency.add_record(
                uow, scope, principal.user_id, key, fingerprint, record, int(clock.now().timestamp())
            )
        return entry, uow

    try:
        entry, after = posted(build, wallets)
    except Conflict as conflict:
        if key and conflict.code == idempotency.REPLAYED and (replay := _replayed(scope, principal, key, fingerprint)):
            return replay, False
        raise
    return _view(entry, shown, after), True


def _spending(user_id: str, amount: int, to: str, verb: str) -> Callable[[dict[str, int]], list[tuple[str, int]]]:
    """The lines of money leaving a wallet, refused with 402 when the balance read is short."""

    def lines(seen: dict[str, int]) -> list[tuple[str, int]]:
        balance = seen.get(user_id, 0)
        if balance < amount:
            raise InsufficientFunds(
                f"Your balance is {balance}; you cannot {verb} {amount}.",
                details=[{"balance": balance, "requested": amount}],
            )
        return [(user_id, -amount), (to, amount)]

    return lines


def _provider(code: str, message: str) -> payments.PaymentProvider:
    provider = payments.provider()
    if provider is None:
        raise Forbidden(message, code=code)
    return provider


def deposit(
    principal: Principal, amount: MoneyAmount, *, idempotency_key: str | None, correlation_id: str
) -> WalletEntry:
    """Money in through the payment provider; refused where no provider is configured."""
    check_amount(amount)
    provider = _provider("DEPOSITS_DISABLED", "This store takes no deposits: no payment provider is configured.")

    def charge() -> str:
        payment = provider.charge(principal.user_id, amount, idempotency_key or new_id())
        if not payment.approved:
            raise PaymentDeclined(f"The payment was declined: {payment.reason}.")
        return payment.reference

    result, _ = _movement(
        principal,
        scope="deposit",
        body={"amount": amount.model_dump()},
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        entry_type=EntryType.DEPOSIT,
        lines=lambda seen: [(EXTERNAL, -amount.amount), (principal.user_id, amount.amount)],
        owners={principal.user_id: principal.user_id, EXTERNAL: "platform"},
        reference="",
        event=("MoneyDeposited", {"userId": principal.user_id, "amount": amount.model_dump()}),
        prepare=charge,
    )
    metrics.add_metric(name="MoneyDeposited", unit="Count", value=amount.amount)
    return result


def withdraw(
    principal: Principal, amount: MoneyAmount, *, idempotency_key: str | None, correlation_id: str
) -> WalletEntry:
    """Money out to the user's bank: 402 beyond the balance; paid out only once the debit is written."""
    check_amount(amount)
    provider = _provider("WITHDRAWALS_DISABLED", "This store pays out nothing: no payment provider is configured.")
    key = idempotency_key or new_id()
    result, new = _movement(
        principal,
        scope="withdrawal",
        body={"amount": amount.model_dump()},
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        entry_type=EntryType.WITHDRAWAL,
        lines=_spending(principal.user_id, amount.amount, EXTERNAL, "withdraw"),
        owners={principal.user_id: principal.user_id, EXTERNAL: "platform"},
        reference=f"payout:{key}",
        event=("MoneyWithdrawn", {"userId": principal.user_id, "amount": amount.model_dump()}),
    )
    if not new:
        return result  # paid out when it was first made
    payout = provider.payout(principal.user_id, amount, key)
    logger.info("payout", extra={"approved": payout.approved, "reference": payout.reference})
    if not payout.approved:
        _reverse(principal, result, idempotency_key, correlation_id)
        raise PaymentDeclined(
            f"The bank refused the payout ({payout.reason}); the {amount.amount} is back in your wallet.",
            code="PAYOUT_DECLINED",
        )
    return result


def _reverse(principal: Principal, withdrawal: WalletEntry, idempotency_key: str | None, correlation_id: str) -> None:
    """Money that never left comes back: a reversing entry, and the withdrawal's key freed for a retry."""
    amount = -withdrawal.amount.amount
    entry_id, now = new_id(), clock.iso(clock.now())

    def build(seen: dict[str, int]) -> tuple[Entry, UnitOfWork]:
        lines = (Line(EXTERNAL, -amount), Line(principal.user_id, amount))
        entry = Entry(entry_id, EntryType.REVERSAL, lines, f"reversal:{withdrawal.id}", now, correlation_id)
        uow = UnitOfWork(get_settings().table_name)
        after = {principal.user_id: seen.get(principal.user_id, 0) + amount, EXTERNAL: None}
        for event in journal_events(entry, after):
            uow.emit(event)
        if idempotency_key:
            uow.delete(keys.idempotency("withdrawal", principal.user_id, idempotency_key))
        return entry, uow

    posted(build, [principal.user_id])


def transfer(
    principal: Principal, request: TransferRequest, *, idempotency_key: str | None, correlation_id: str
) -> WalletEntry:
    """Money from the caller's wallet to another user's (never to oneself, never to nobody)."""
    amount = request.amount
    check_amount(amount)
    if request.to_user_id == principal.user_id:
        raise ValidationFailed.field("toUserId", "you cannot send money to yourself")
    if identity_store.get_user_profile(request.to_user_id) is None:
        raise NotFound(f"No user {request.to_user_id}.", code="UNKNOWN_RECIPIENT")

    entry, _ = _movement(
        principal,
        scope="transfer",
        body=request.model_dump(mode="json", by_alias=True),
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        entry_type=EntryType.TRANSFER,
        lines=_spending(principal.user_id, amount.amount, request.to_user_id, "send"),
        owners={principal.user_id: principal.user_id, request.to_user_id: request.to_user_id},
        reference=f"transfer:{request.to_user_id}",
        event=(
            "MoneySent",
            {"fromUserId": principal.user_id, "toUserId": request.to_user_id, "amount": amount.model_dump()},
        ),
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
) -> WalletEntry:
    """An operator credits a wallet (no provider involved); journaled like everything else."""
    check_amount(amount)
    if identity_store.get_user_profile(user_id) is None:
        raise NotFound(f"No user {user_id}.")
    entry, _ = _movement(
        principal,
        scope="admin-credit",
        body={"userId": user_id, "amount": amount.model_dump(), "reason": reason},
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        entry_type=EntryType.ADMIN_CREDIT,
        lines=lambda seen: [(EXTERNAL, -amount.amount), (user_id, amount.amount)],
        owners={user_id: user_id, EXTERNAL: "platform"},
        reference=f"admin:{principal.user_id}:{reason}",
        event=("MoneyDeposited", {"userId": user_id, "amount": amount.model_dump(), "by": principal.user_id}),
        viewer=user_id,
    )
    logger.info("admin credit", extra={"admin": principal.user_id, "user_id": user_id, "amount": amount.amount})
    return entry


def wallet(principal: Principal) -> Wallet:
    balance = store.balances([principal.user_id]).get(principal.user_id, 0)
    return Wallet(balance=Money(amount=balance, currency=get_settings().currency))


def entries(principal: Principal, limit: int, cursor: str | None) -> Page[WalletEntry]:
    """GET /wallet/entries: the caller's statement, newest first."""
    currency = get_settings().currency
    partition = keys.account_partition(principal.user_id)
    secret = get_settings().require("cursor_secret")
    start = decode_cursor(cursor, secret=secret, scope=partition)
    items, position = store.statement(principal.user_id, limit, start)
    views = [
        WalletEntry(
            id=item["entryId"],
            type=item["entryType"],
            amount=SignedMoney(amount=int(item["delta"]), currency=currency),
            balance_after=Money(amount=int(item["balanceAfter"]), currency=currency),
            created_at=item["createdAt"],
            reference=item["reference"],
        )
        for item in items
    ]
    return Page(items=views, next_cursor=encode_cursor(position, secret=secret, scope=partition))
