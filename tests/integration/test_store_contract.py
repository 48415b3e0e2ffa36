"""The store's contract: the SAME scenarios against the in-memory fakes (tests/fakes) and the DynamoDB
store (moto, tables from template.yaml), so the fakes the unit tests use cannot drift from the store.

Each scenario speaks only through the ports (estore.store.ports) and the services that take them.
"""

from __future__ import annotations

import pytest

from estore.auth import Principal
from estore.deadline import Deadline
from estore.domain.events import DomainEvent, Source, new_event
from estore.domain.ledger import EXTERNAL, FEES, Entry, EntryType, Line, MoneyAmount, TransferRequest
from estore.errors import Conflict
from estore.services import ledger, wallet
from estore.services.postings import InsufficientFunds
from estore.store.accounts import BALANCE_CHANGED
from estore.store.idempotency import CLAIM_STALE_SECONDS, REPLAYED
from estore.store.records import Account, IdempotencyRecord, JournalEntry, JournalLine
from estore.store.uow import MAX_ITEMS, TooManyWrites
from tests.integration.store_contract_support import AT, NOW, Backend, backend

__all__ = ["backend"]  # the fixture: each test runs once per store


def _opened(account_id: str) -> DomainEvent:
    return new_event(Source.ACCOUNTS, "AccountOpened", {"accountId": account_id}, correlation_id="c")


def _entry(entry_id: str, at: str, *lines: tuple[str, int]) -> Entry:
    return Entry(entry_id, EntryType.DEPOSIT, tuple(Line(a, d) for a, d in lines), f"ref:{entry_id}", at, "c")


def _post(backend: Backend, entry: Entry, seen: dict[str, int]) -> dict[str, int | None]:
    uow = backend.ports.ledger.unit_of_work()
    after = backend.ports.ledger.post(uow, entry, seen)
    uow.commit()
    return after


def _wallet(backend: Backend) -> str:
    account_id = backend.new_user()
    backend.ports.ledger.open_account(account_id, account_id, "2026-01-01T00:00:00Z", _opened(account_id))
    return account_id


# Accounts and the journal


def test_an_account_opens_at_zero_and_opening_it_again_changes_nothing(backend: Backend) -> None:
    account_id = backend.new_user()
    for _ in range(2):
        backend.ports.ledger.open_account(account_id, account_id, "2026-01-01T00:00:00Z", _opened(account_id))
    assert backend.ports.ledger.balances([account_id, "never-opened"]) == {account_id: 0}
    assert Account(account_id, account_id, 0) in backend.ports.ledger.accounts()
    assert backend.event_types().count("AccountOpened") == 1


def test_a_posting_moves_the_balances_and_writes_the_journal_and_each_statement(backend: Backend) -> None:
    account_id = _wallet(backend)
    after = _post(backend, _entry("e1", "2026-01-01T10:00:00Z", (EXTERNAL, -500), (account_id, 500)), {account_id: 0})
    assert after == {EXTERNAL: None, account_id: 500}
    assert backend.ports.ledger.balances([account_id, EXTERNAL]) == {account_id: 500, EXTERNAL: -500}
    assert backend.ports.ledger.journal() == [
        JournalEntry("e1", "DEPOSIT", (JournalLine(EXTERNAL, -500), JournalLine(account_id, 500)), "ref:e1", AT)
    ]
    lines, position = backend.ports.ledger.statement(account_id, 10, None)
    assert [(line.entry_id, line.delta, line.balance_after, line.reference) for line in lines] == [
        ("e1", 500, 500, "ref:e1")
    ]
    assert position is None
    [external] = backend.ports.ledger.statement(EXTERNAL, 10, None)[0]
    assert (external.delta, external.balance_after) == (-500, None)


def test_a_posting_from_a_stale_balance_raises_balance_changed_and_writes_nothing(backend: Backend) -> None:
    account_id = _wallet(backend)
    _post(backend, _entry("e1", "2026-01-01T10:00:00Z", (EXTERNAL, -100), (account_id, 100)), {account_id: 0})
    with pytest.raises(Conflict) as conflict:
        _post(backend, _entry("e2", "2026-01-01T10:01:00Z", (EXTERNAL, -5), (account_id, 5)), {account_id: 0})
    assert conflict.value.code == BALANCE_CHANGED
    assert backend.ports.ledger.balances([account_id, EXTERNAL]) == {account_id: 100, EXTERNAL: -100}
    assert [entry.id for entry in backend.ports.ledger.journal()] == ["e1"]


def test_a_journal_entry_written_twice_is_a_plain_conflict(backend: Backend) -> None:
    account_id = _wallet(backend)
    _post(backend, _entry("e1", "2026-01-01T10:00:00Z", (EXTERNAL, -100), (account_id, 100)), {account_id: 0})
    with pytest.raises(Conflict) as conflict:
        _post(backend, _entry("e1", "2026-01-01T10:00:00Z", (EXTERNAL, -1), (FEES, 1)), {})
    assert conflict.value.code == "CONFLICT"
    assert backend.ports.ledger.balances([EXTERNAL]) == {EXTERNAL: -100}


def test_the_statement_pages_newest_first_and_nothing_follows_the_last_page(backend: Backend) -> None:
    account_id = _wallet(backend)
    for minute in range(3):
        seen = backend.ports.ledger.balances([account_id])
        entry = _entry(
            f"e{minute}", f"2026-01-01T10:0{minute}:00Z", (EXTERNAL, -(minute + 1)), (account_id, minute + 1)
        )
        _post(backend, entry, seen)
    first, position = backend.ports.ledger.statement(account_id, 2, None)
    second, end = backend.ports.ledger.statement(account_id, 2, position)
    assert [line.entry_id for line in first + second] == ["e2", "e1", "e0"]
    assert position is not None
    assert end is None
    whole, after_whole = backend.ports.ledger.statement(account_id, 3, None)
    assert [line.entry_id for line in whole] == ["e2", "e1", "e0"]
    # DynamoDB may answer a position after a page that ends exactly at the end (moto and the fake do not):
    # either way, nothing follows it.
    assert after_whole is None or backend.ports.ledger.statement(account_id, 3, after_whole)[0] == []


def test_a_change_of_more_than_the_limit_of_writes_is_refused_before_it_is_sent(backend: Backend) -> None:
    uow = backend.ports.ledger.unit_of_work()
    for _ in range(MAX_ITEMS):
        uow.emit(_opened("x"))
    with pytest.raises(TooManyWrites):
        uow.emit(_opened("x"))


# Idempotency records


def test_a_second_answer_for_one_key_is_refused_as_a_replay(backend: Backend) -> None:
    owner = backend.new_user()
    records = backend.ports.records
    for attempt in range(2):
        uow = backend.ports.ledger.unit_of_work()
        records.add_record(uow, "deposit", owner, "key-0001", "fp", {"answer": attempt}, NOW)
        if attempt == 0:
            uow.commit()
        else:
            with pytest.raises(Conflict) as replay:
                uow.commit()
            assert replay.value.code == REPLAYED
    assert records.get_record("deposit", owner, "key-0001") == IdempotencyRecord("fp", {"answer": 0})
    assert records.get_record("deposit", owner, "other-key") is None


def test_a_key_is_claimed_once_released_only_by_its_claimant_and_completed_by_it(backend: Backend) -> None:
    owner, records = backend.new_user(), backend.ports.records
    assert records.claim("deposit", owner, "key-0001", "fp", "token-a", NOW)
    assert not records.claim("deposit", owner, "key-0001", "fp", "token-b", NOW)
    assert records.get_record("deposit", owner, "key-0001") == IdempotencyRecord("fp", None)
    records.release("deposit", owner, "key-0001", "token-b")
    assert records.get_record("deposit", owner, "key-0001") is not None
    uow = backend.ports.ledger.unit_of_work()
    records.add_record(uow, "deposit", owner, "key-0001", "fp", {"answer": 1}, NOW, claim_token="token-b")
    with pytest.raises(Conflict) as foreign:
        uow.commit()
    assert foreign.value.code == REPLAYED
    uow = backend.ports.ledger.unit_of_work()
    records.add_record(uow, "deposit", owner, "key-0001", "fp", {"answer": 1}, NOW, claim_token="token-a")
    uow.commit()
    assert records.get_record("deposit", owner, "key-0001") == IdempotencyRecord("fp", {"answer": 1})
    records.release("deposit", owner, "key-0001", "token-a")  # answered: a release changes nothing
    assert records.get_record("deposit", owner, "key-0001") == IdempotencyRecord("fp", {"answer": 1})


def test_a_released_or_stale_claim_may_be_taken_again(backend: Backend) -> None:
    owner, records = backend.new_user(), backend.ports.records
    assert records.claim("deposit", owner, "key-0001", "fp", "token-a", NOW)
    records.release("deposit", owner, "key-0001", "token-a")
    assert records.get_record("deposit", owner, "key-0001") is None
    assert records.claim("deposit", owner, "key-0001", "fp", "token-b", NOW)
    assert not records.claim("deposit", owner, "key-0001", "fp", "token-c", NOW + CLAIM_STALE_SECONDS)
    assert records.claim("deposit", owner, "key-0001", "fp", "token-c", NOW + CLAIM_STALE_SECONDS + 1)


def test_a_forgotten_key_is_free_again(backend: Backend) -> None:
    owner, records = backend.new_user(), backend.ports.records
    uow = backend.ports.ledger.unit_of_work()
    records.add_record(uow, "withdrawal", owner, "key-0001", "fp", {"answer": 1}, NOW)
    uow.commit()
    uow = backend.ports.ledger.unit_of_work()
    records.forget(uow, "withdrawal", owner, "key-0001")
    uow.commit()
    assert records.get_record("withdrawal", owner, "key-0001") is None


def test_of_two_broken_conditions_the_first_written_names_the_error(backend: Backend) -> None:
    account_id, records = _wallet(backend), backend.ports.records
    uow = backend.ports.ledger.unit_of_work()
    records.add_record(uow, "deposit", account_id, "key-0001", "fp", {"answer": 0}, NOW)
    uow.commit()
    uow = backend.ports.ledger.unit_of_work()
    records.add_record(uow, "deposit", account_id, "key-0001", "fp", {"answer": 1}, NOW)
    backend.ports.ledger.post(
        uow, _entry("e1", "2026-01-01T10:00:00Z", (EXTERNAL, -1), (account_id, 1)), {account_id: 7}
    )
    with pytest.raises(Conflict) as conflict:
        uow.commit()
    assert conflict.value.code == REPLAYED
    assert backend.ports.ledger.journal() == []


# The wallet's use cases over each store


def _customer(user_id: str) -> Principal:
    return Principal(user_id=user_id, username=user_id, email=None, roles=frozenset({"customers"}))


def test_the_same_movements_leave_the_same_books(backend: Backend) -> None:
    alice, bob = _customer(backend.new_user()), _customer(backend.new_user())
    usd = lambda amount: MoneyAmount(amount=amount, currency="USD")  # noqa: E731
    options = {"correlation_id": "c", "deadline": Deadline.within(10), "ports": backend.ports}
    wallet.deposit(alice, usd(700), idempotency_key="deposit-0001", **options)
    wallet.deposit(alice, usd(700), idempotency_key="deposit-0001", **options)
    wallet.withdraw(alice, usd(100), idempotency_key=None, **options)
    wallet.transfer(alice, TransferRequest(to_user_id=bob.user_id, amount=usd(250)), idempotency_key=None, **options)
    with pytest.raises(InsufficientFunds):
        wallet.transfer(
            alice, TransferRequest(to_user_id=bob.user_id, amount=usd(351)), idempotency_key=None, **options
        )

    assert wallet.wallet(alice, backend.ports).balance.amount == 350
    assert wallet.wallet(bob, backend.ports).balance.amount == 250
    statement = wallet.entries(alice, 10, None, backend.ports).items
    assert sorted(entry.amount.amount for entry in statement) == [-250, -100, 700]
    trial = ledger.trial_balance(backend.ports)
    assert trial.balanced, trial.mismatches
    assert (trial.entries, trial.totals["wallets"], trial.totals["external"]) == (3, 600, -600)
    assert backend.event_types() == sorted(
        ["AccountOpened"] * 2 + ["JournalEntryCreated"] * 3 + ["MoneyDeposited", "MoneyWithdrawn", "MoneySent"]
    )
