"""Postings: how a wallet movement becomes one balanced journal entry written with the balance
changes in one TransactWriteItems.

Every posting reads the wallets it touches and writes them only if they still hold what was read;
a concurrent posting that got there first makes this one re-read and try again (so ten withdrawals of
30 from 100 at once leave exactly three standing, never a negative balance). It tries again for as long
as the request's deadline allows (estore.deadline), then answers 409 BUSY having written nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from estore import clock
from estore.auth import Principal
from estore.config import get_settings
from estore.deadline import Deadline, until_won
from estore.domain import idempotency as idem
from estore.domain.events import DomainEvent, Source, new_event
from estore.domain.ids import new_id
from estore.domain.ledger import Entry, EntryType, Line, WalletEntry, is_wallet
from estore.domain.money import Money, SignedMoney
from estore.errors import Conflict, DomainError, ValidationFailed
from estore.services.idempotent import first_answer
from estore.store.accounts import BALANCE_CHANGED
from estore.store.idempotency import REPLAYED
from estore.store.ports import LedgerPorts, Transaction

LOST_RACE = frozenset({BALANCE_CHANGED, "BUSY"})  # a wallet moved, or DynamoDB saw two writers at once


def lost_race(conflict: Conflict) -> bool:
    """A conflict that a fresh read and another attempt can win (not a refusal such as a replayed key)."""
    return conflict.code in LOST_RACE


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


def ensure_accounts(owners: dict[str, str], correlation_id: str, ports: LedgerPorts) -> None:
    """Opens (AccountOpened) every wallet that does not exist yet, each in its own small write.
    Sellers' wallets open with their store and customers' with their first deposit, so in the steady
    state this writes nothing; platform accounts need no opening (their first movement creates them)."""
    wallets = [account_id for account_id in owners if is_wallet(account_id)]
    existing = ports.ledger.balances(wallets) if wallets else {}
    for account_id in wallets:
        if account_id not in existing:
            opened = account_opened(account_id, owners[account_id], correlation_id)
            ports.ledger.open_account(account_id, owners[account_id], clock.iso(clock.now()), opened)


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
    build: Callable[[dict[str, int]], tuple[Entry, Transaction]],
    account_ids: list[str],
    *,
    deadline: Deadline,
    on_success: Callable[[Entry, dict[str, int | None]], None] | None = None,
    ports: LedgerPorts,
) -> tuple[Entry, dict[str, int | None]]:
    """Reads the wallets, lets `build` make the entry and any other writes, posts it all; retried
    from the read whenever a wallet changed meanwhile, while `deadline` allows (then Busy). `build`
    raises to refuse (e.g. 402)."""

    def attempt() -> tuple[Entry, dict[str, int | None]]:
        seen = ports.ledger.balances(account_ids)
        entry, uow = build(seen)
        after = ports.ledger.post(uow, entry, {account_id: seen.get(account_id, 0) for account_id in account_ids})
        uow.commit()
        return entry, after

    entry, after = until_won(attempt, lost=lost_race, deadline=deadline)
    if on_success:
        on_success(entry, after)
    return entry, after


def view(entry: Entry, account_id: str, after: Mapping[str, int | None]) -> WalletEntry:
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


def replayed(scope: str, principal: Principal, key: str, fingerprint: str, ports: LedgerPorts) -> WalletEntry | None:
    answer = first_answer(scope, principal.user_id, key, fingerprint, ports.records)
    return None if answer is None else WalletEntry.model_validate(answer)


def _claimed(scope: str, principal: Principal, key: str, fingerprint: str, ports: LedgerPorts) -> str | WalletEntry:
    """This request's claim token on the key, or the twin's answer when the twin got there first."""
    token = new_id()
    for _ in range(3):
        if ports.records.claim(scope, principal.user_id, key, fingerprint, token, int(clock.now().timestamp())):
            return token
        replay = replayed(scope, principal, key, fingerprint, ports)
        if replay is not None:
            return replay
        # else the twin's claim was released (its charge declined) between our write and our read
    raise Conflict("This Idempotency-Key is busy; retry in a moment.", code="IDEMPOTENCY_KEY_IN_USE")


def movement(
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
    deadline: Deadline,
    viewer: str | None = None,
    prepare: Callable[[], str] | None = None,
    ports: LedgerPorts,
) -> tuple[WalletEntry, bool]:
    """The shape every wallet command shares: idempotency, accounts opened, entry posted. Answers the
    entry as `viewer`'s wallet sees it (the caller's by default) and whether it is new (not a replay).
    `prepare` runs only for a new movement (a charge) and gives the reference; with a key, only once the
    key is claimed, so of two concurrent twins exactly one calls the provider."""
    shown = viewer or principal.user_id
    key = idem.check_key(idempotency_key)
    fingerprint = idem.fingerprint(body)
    if key and (replay := replayed(scope, principal, key, fingerprint, ports)):
        return replay, False
    claim_token: str | None = None
    if prepare and key:
        claimed = _claimed(scope, principal, key, fingerprint, ports)
        if isinstance(claimed, WalletEntry):
            return claimed, False
        claim_token = claimed
    if prepare:
        try:
            reference = prepare()
        except DomainError:
            if key and claim_token:
                ports.records.release(scope, principal.user_id, key, claim_token)
            raise
    ensure_accounts(owners, correlation_id, ports)
    entry_id, now = new_id(), clock.iso(clock.now())
    wallets = [account_id for account_id in owners if is_wallet(account_id)]

    def build(seen: dict[str, int]) -> tuple[Entry, Transaction]:
        entry = Entry(
            id=entry_id,
            type=entry_type,
            lines=tuple(Line(account_id, delta) for account_id, delta in lines(seen)),
            reference=reference,
            created_at=now,
            correlation_id=correlation_id,
        )
        uow = ports.ledger.unit_of_work()
        after_preview = {line.account_id: seen.get(line.account_id, 0) + line.delta for line in entry.lines}
        shown_after = {k: (v if is_wallet(k) else None) for k, v in after_preview.items()}
        for item in journal_events(entry, shown_after, *(event or (None, {}))):
            uow.emit(item)
        if key:
            shown_entry = view(entry, shown, dict(after_preview))
            record = shown_entry.model_dump(mode="json", by_alias=True)
            ports.records.add_record(
                uow,
                scope,
                principal.user_id,
                key,
                fingerprint,
                record,
                int(clock.now().timestamp()),
                claim_token=claim_token,
            )
        return entry, uow

    try:
        entry, after = posted(build, wallets, deadline=deadline, ports=ports)
    except Conflict as conflict:
        if key and conflict.code == REPLAYED and (replay := replayed(scope, principal, key, fingerprint, ports)):
            return replay, False
        raise
    return view(entry, shown, after), True


def spending(user_id: str, amount: int, to: str, verb: str) -> Callable[[dict[str, int]], list[tuple[str, int]]]:
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
