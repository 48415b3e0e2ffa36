"""Fakes of the ledger's ports: accounts and the journal, idempotency records, user profiles."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from estore.domain.events import DomainEvent
from estore.domain.identity import UserProfile
from estore.domain.ledger import Entry, is_wallet
from estore.errors import Conflict
from estore.store import keys
from estore.store.accounts import BALANCE_CHANGED
from estore.store.idempotency import CLAIM_STALE_SECONDS, REPLAYED
from estore.store.ports import LedgerPorts, Position
from estore.store.records import Account, IdempotencyRecord, JournalEntry, JournalLine, StatementLine
from estore.store.uow import Transaction
from tests.fakes.uow import FakeTable, FakeUnitOfWork, writes_into


class FakeLedger:
    """estore.store.accounts in memory."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def unit_of_work(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.table)

    def balances(self, account_ids: list[str]) -> dict[str, int]:
        found = (self.table.accounts.get(account_id) for account_id in account_ids)
        return {account.id: account.balance for account in found if account is not None}

    def open_account(self, account_id: str, owner: str, now: str, opened: DomainEvent) -> None:
        uow = self.unit_of_work()
        uow.add(
            ("ACCOUNT", account_id),
            lambda: self.table.accounts.__setitem__(account_id, Account(account_id, owner, 0)),
            holds=lambda: account_id not in self.table.accounts,
            on_condition_failed=Conflict("open", code="ACCOUNT_EXISTS"),
        )
        uow.emit(opened)
        try:
            uow.commit()
        except Conflict as conflict:
            if conflict.code != "ACCOUNT_EXISTS":
                raise

    def post(self, uow: Transaction, entry: Entry, seen: dict[str, int]) -> dict[str, int | None]:
        writes = writes_into(uow)
        after: dict[str, int | None] = {}
        changed = Conflict("A balance changed while this request ran.", code=BALANCE_CHANGED)
        for line in entry.lines:
            account_id = line.account_id
            if is_wallet(account_id):
                was, balance = seen[account_id], seen[account_id] + line.delta
                writes.add(
                    ("ACCOUNT", account_id),
                    partial(self._set_balance, account_id, balance),
                    holds=partial(self._holds, account_id, was),
                    on_condition_failed=changed,
                )
                after[account_id] = balance
            else:  # added to without reading; the first movement creates the account
                writes.add(("ACCOUNT", account_id), partial(self._add_to, account_id, line.delta))
                after[account_id] = None
            statement_line = StatementLine(
                account_id=account_id,
                entry_id=entry.id,
                entry_type=entry.type.value,
                delta=line.delta,
                balance_after=after[account_id],
                reference=entry.reference,
                created_at=entry.created_at,
            )
            sort_key = keys.account_line(account_id, entry.created_at, entry.id)["sk"]
            writes.add(
                ("ACCOUNTLINE", account_id, sort_key),
                partial(self._write_line, account_id, sort_key, statement_line),
            )
        journal_entry = JournalEntry(
            id=entry.id,
            entry_type=entry.type.value,
            lines=tuple(JournalLine(line.account_id, line.delta) for line in entry.lines),
            reference=entry.reference,
            created_at=entry.created_at,
        )
        writes.add(
            ("JOURNAL", entry.id),
            lambda: self.table.journal.__setitem__(entry.id, journal_entry),
            holds=lambda: entry.id not in self.table.journal,
        )
        return after

    def _holds(self, account_id: str, balance: int) -> bool:
        account = self.table.accounts.get(account_id)
        return account is not None and account.balance == balance

    def _set_balance(self, account_id: str, balance: int) -> None:
        self.table.accounts[account_id] = replace(self.table.accounts[account_id], balance=balance)

    def _write_line(self, account_id: str, sort_key: str, line: StatementLine) -> None:
        self.table.statement_lines.setdefault(account_id, {})[(account_id, sort_key)] = line

    def _add_to(self, account_id: str, delta: int) -> None:
        current = self.table.accounts.get(account_id) or Account(account_id, "platform", 0)
        self.table.accounts[account_id] = replace(current, balance=current.balance + delta)

    def statement(
        self, account_id: str, limit: int, start: Position | None
    ) -> tuple[list[StatementLine], Position | None]:
        """Newest first by sort key, as the query is; the position is the last line's key, as DynamoDB's."""
        lines = sorted(self.table.statement_lines.get(account_id, {}).items(), reverse=True)
        if start:
            lines = [(key, line) for key, line in lines if key[1] < start["sk"]]
        page = lines[:limit]
        more = len(lines) > limit
        position = {"pk": keys.account_partition(account_id), "sk": page[-1][0][1]} if page and more else None
        return [line for _, line in page], position

    def journal(self) -> list[JournalEntry]:
        return sorted(self.table.journal.values(), key=lambda entry: (entry.created_at, entry.id))

    def accounts(self) -> list[Account]:
        return sorted(self.table.accounts.values(), key=lambda account: account.id)


@dataclass
class _Stored:
    fingerprint: str
    result: dict[str, Any] | None
    claim_token: str | None = None
    claimed_at: int | None = None


class FakeRecords:
    """estore.store.idempotency in memory."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def get_record(self, scope: str, owner: str, key: str) -> IdempotencyRecord | None:
        stored = self.table.idempotency.get((scope, owner, key))
        return None if stored is None else IdempotencyRecord(stored.fingerprint, stored.result)

    def claim(self, scope: str, owner: str, key: str, fingerprint: str, token: str, now_epoch: int) -> bool:
        stored = self.table.idempotency.get((scope, owner, key))
        stale = (
            stored is not None
            and stored.result is None
            and stored.claimed_at is not None
            and stored.claimed_at < now_epoch - CLAIM_STALE_SECONDS
        )
        if stored is not None and not stale:
            return False
        self.table.idempotency[(scope, owner, key)] = _Stored(fingerprint, None, token, now_epoch)
        return True

    def release(self, scope: str, owner: str, key: str, token: str) -> None:
        stored = self.table.idempotency.get((scope, owner, key))
        if stored is not None and stored.claim_token == token and stored.result is None:
            del self.table.idempotency[(scope, owner, key)]

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
        records, name = self.table.idempotency, (scope, owner, key)

        def holds() -> bool:
            stored = records.get(name)
            if claim_token:
                return stored is not None and stored.claim_token == claim_token and stored.result is None
            return stored is None

        writes_into(uow).add(
            ("IDEMPOTENCY", *name),
            lambda: records.__setitem__(name, _Stored(fingerprint, dict(result))),
            holds=holds,
            on_condition_failed=Conflict("This request was already made with this Idempotency-Key.", code=REPLAYED),
        )

    def forget(self, uow: Transaction, scope: str, owner: str, key: str) -> None:
        writes_into(uow).add(
            ("IDEMPOTENCY", scope, owner, key), lambda: self.table.idempotency.pop((scope, owner, key), None)
        )


class FakeUsers:
    """estore.store.identity's user profiles in memory."""

    def __init__(self, table: FakeTable) -> None:
        self.table = table

    def add(self, user_id: str, email: str | None = None) -> UserProfile:
        profile = UserProfile(user_id=user_id, email=email, created_at="2026-01-01T00:00:00Z")
        self.table.users[user_id] = profile
        return profile

    def get_user_profile(self, user_id: str) -> UserProfile | None:
        profile: UserProfile | None = self.table.users.get(user_id)
        return profile


def fake_ledger_ports(table: FakeTable | None = None) -> LedgerPorts:
    """The wallet's ports over one in-memory table (a new one by default)."""
    table = table or FakeTable()
    return LedgerPorts(ledger=FakeLedger(table), records=FakeRecords(table), users=FakeUsers(table))
