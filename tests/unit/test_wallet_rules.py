"""The wallet's business rules against the in-memory store (tests/fakes): no moto, no network.

The wiring (the real handlers, DynamoDB through moto) is in tests/integration/test_wallet.py; that the
fakes behave as the DynamoDB store does is tests/integration/test_store_contract.py.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from estore import clock, payments
from estore.auth import Principal
from estore.config import get_settings
from estore.deadline import Deadline
from estore.domain.ledger import EXTERNAL, Entry, EntryType, Line, MoneyAmount, TransferRequest, WalletEntry
from estore.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from estore.services import ledger, wallet
from estore.services.postings import InsufficientFunds, PaymentDeclined
from estore.store.accounts import BALANCE_CHANGED
from estore.store.ports import LedgerPorts
from tests.fakes import FakeLedger, FakeTable, FakeUsers, fake_ledger_ports

ENVIRONMENT = {"TABLE_NAME": "estore-unit", "PAYMENT_PROVIDER": "fake", "CURSOR_SECRET": "unit-secret"}


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def table() -> FakeTable:
    return FakeTable()


@pytest.fixture
def ports(table: FakeTable) -> LedgerPorts:
    return fake_ledger_ports(table)


def customer(user_id: str, ports: LedgerPorts) -> Principal:
    users = ports.users
    assert isinstance(users, FakeUsers)
    users.add(user_id)
    return Principal(user_id=user_id, username=user_id, email=f"{user_id}@example.com", roles=frozenset({"customers"}))


def usd(amount: int) -> MoneyAmount:
    return MoneyAmount(amount=amount, currency="USD")


def deposit(who: Principal, amount: int, ports: LedgerPorts, key: str | None = None) -> WalletEntry:
    return wallet.deposit(
        who, usd(amount), idempotency_key=key, correlation_id="c", deadline=Deadline.within(5), ports=ports
    )


def withdraw(who: Principal, amount: int, ports: LedgerPorts, key: str | None = None) -> WalletEntry:
    return wallet.withdraw(
        who, usd(amount), idempotency_key=key, correlation_id="c", deadline=Deadline.within(5), ports=ports
    )


def transfer(who: Principal, to: str, amount: int, ports: LedgerPorts, key: str | None = None) -> WalletEntry:
    request = TransferRequest(to_user_id=to, amount=usd(amount))
    return wallet.transfer(
        who, request, idempotency_key=key, correlation_id="c", deadline=Deadline.within(5), ports=ports
    )


def balance(who: Principal, ports: LedgerPorts) -> int:
    return wallet.wallet(who, ports).balance.amount


def test_a_deposit_credits_the_wallet_with_one_balanced_entry(ports: LedgerPorts, table: FakeTable) -> None:
    # Given a customer with no wallet yet
    alice = customer("alice", ports)
    # When she deposits 500
    entry = deposit(alice, 500, ports)
    # Then her wallet holds 500, the entry moved 500 from outside the platform, and the books balance
    assert balance(alice, ports) == 500
    assert (entry.amount.amount, entry.balance_after.amount) == (500, 500)
    [journaled] = table.journal.values()
    assert {(line.account_id, line.delta) for line in journaled.lines} == {(EXTERNAL, -500), ("alice", 500)}
    assert ledger.trial_balance(ports).balanced
    assert [e.detail_type for e in table.events()] == ["AccountOpened", "JournalEntryCreated", "MoneyDeposited"]


def test_a_withdrawal_beyond_the_balance_is_402_and_changes_nothing(ports: LedgerPorts, table: FakeTable) -> None:
    # Given a wallet holding 100
    alice = customer("alice", ports)
    deposit(alice, 100, ports)
    entries_before = len(table.journal)
    # When she withdraws 101
    with pytest.raises(InsufficientFunds) as refused:
        withdraw(alice, 101, ports)
    # Then 402 with her balance, and nothing is written
    assert refused.value.status == 402
    assert refused.value.details == [{"balance": 100, "requested": 101}]
    assert balance(alice, ports) == 100
    assert len(table.journal) == entries_before


def test_a_withdrawal_within_the_balance_debits_the_wallet_and_pays_out(ports: LedgerPorts) -> None:
    # Given a wallet holding 300
    alice = customer("alice", ports)
    deposit(alice, 300, ports)
    # When she withdraws 120
    entry = withdraw(alice, 120, ports, key="withdraw-0001")
    # Then the wallet holds 180 and the entry says so
    assert (entry.amount.amount, entry.balance_after.amount) == (-120, 180)
    assert balance(alice, ports) == 180
    assert ledger.trial_balance(ports).balanced


def test_a_payout_the_bank_refuses_is_reversed_and_the_key_may_be_retried(
    ports: LedgerPorts, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a wallet holding 300 and a bank that refuses the next payout
    alice = customer("alice", ports)
    deposit(alice, 300, ports)
    refusing = payments.FakeProvider()
    monkeypatch.setattr(refusing, "payout", lambda *_: payments.Payment(False, "bank", "account closed"))
    monkeypatch.setattr(payments, "provider", lambda: refusing)
    # When she withdraws 100
    with pytest.raises(PaymentDeclined) as declined:
        withdraw(alice, 100, ports, key="withdraw-0001")
    # Then the money is back (a reversing entry), and the same key may be used again once the bank accepts
    assert declined.value.code == "PAYOUT_DECLINED"
    assert balance(alice, ports) == 300
    monkeypatch.setattr(payments, "provider", payments.FakeProvider)
    assert withdraw(alice, 100, ports, key="withdraw-0001").balance_after.amount == 200
    assert ledger.trial_balance(ports).balanced


def test_a_declined_card_is_402_moves_nothing_and_frees_the_key(
    ports: LedgerPorts, table: FakeTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a card that is declined
    alice = customer("alice", ports)
    declining = payments.FakeProvider()
    monkeypatch.setattr(declining, "charge", lambda *_: payments.Payment(False, "card", "insufficient credit"))
    monkeypatch.setattr(payments, "provider", lambda: declining)
    # When she deposits with a key
    with pytest.raises(PaymentDeclined):
        deposit(alice, 500, ports, key="deposit-0001")
    # Then nothing moved and the key is free again
    assert balance(alice, ports) == 0
    assert not table.journal
    assert not table.idempotency


def test_without_a_payment_provider_deposits_are_refused(ports: LedgerPorts, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a deployment without a payment provider
    monkeypatch.setenv("PAYMENT_PROVIDER", "none")
    get_settings.cache_clear()
    alice = customer("alice", ports)
    # When she deposits, Then 403 DEPOSITS_DISABLED
    with pytest.raises(Forbidden) as refused:
        deposit(alice, 500, ports)
    assert refused.value.code == "DEPOSITS_DISABLED"


def test_a_retried_deposit_with_the_same_key_moves_money_and_charges_once(
    ports: LedgerPorts, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a provider that counts its charges
    alice = customer("alice", ports)
    charges: list[str] = []
    counting = payments.FakeProvider()
    original = counting.charge
    monkeypatch.setattr(counting, "charge", lambda *a: charges.append(a[2]) or original(*a))
    monkeypatch.setattr(payments, "provider", lambda: counting)
    # When the same deposit is sent twice with one key
    first = deposit(alice, 500, ports, key="deposit-0001")
    second = deposit(alice, 500, ports, key="deposit-0001")
    # Then the second answer is the first one, and the money moved once
    assert second == first
    assert balance(alice, ports) == 500
    assert charges == ["deposit-0001"]


def test_a_key_reused_with_another_amount_is_422(ports: LedgerPorts) -> None:
    # Given a deposit made with a key
    alice = customer("alice", ports)
    deposit(alice, 500, ports, key="deposit-0001")
    # When the key comes back with another amount, Then 422 and nothing more moves
    with pytest.raises(DomainError) as reused:
        deposit(alice, 600, ports, key="deposit-0001")
    assert (reused.value.status, reused.value.code) == (422, "IDEMPOTENCY_KEY_REUSED")
    assert balance(alice, ports) == 500


def test_a_transfer_moves_money_between_two_wallets(ports: LedgerPorts) -> None:
    # Given Alice holds 500 and Bob is a user
    alice, bob = customer("alice", ports), customer("bob", ports)
    deposit(alice, 500, ports)
    # When Alice sends Bob 200
    entry = transfer(alice, "bob", 200, ports)
    # Then Alice holds 300, Bob 200, and the books balance
    assert (entry.amount.amount, entry.balance_after.amount) == (-200, 300)
    assert (balance(alice, ports), balance(bob, ports)) == (300, 200)
    assert ledger.trial_balance(ports).balanced


def test_a_transfer_beyond_the_balance_is_402(ports: LedgerPorts) -> None:
    alice, _ = customer("alice", ports), customer("bob", ports)
    deposit(alice, 100, ports)
    with pytest.raises(InsufficientFunds):
        transfer(alice, "bob", 101, ports)
    assert balance(alice, ports) == 100


def test_a_transfer_to_yourself_is_422_and_to_nobody_404(ports: LedgerPorts) -> None:
    alice = customer("alice", ports)
    deposit(alice, 100, ports)
    with pytest.raises(ValidationFailed):
        transfer(alice, "alice", 10, ports)
    with pytest.raises(NotFound) as unknown:
        transfer(alice, "nobody", 10, ports)
    assert unknown.value.code == "UNKNOWN_RECIPIENT"
    assert balance(alice, ports) == 100


def test_an_amount_in_another_currency_is_422(ports: LedgerPorts) -> None:
    alice = customer("alice", ports)
    with pytest.raises(ValidationFailed):
        wallet.deposit(
            alice,
            MoneyAmount(amount=5, currency="EUR"),
            idempotency_key=None,
            correlation_id="c",
            deadline=Deadline.within(5),
            ports=ports,
        )


def test_an_admin_credit_reaches_an_existing_user_only(ports: LedgerPorts) -> None:
    admin = Principal(user_id="root", username="root", email=None, roles=frozenset({"admins"}))
    alice = customer("alice", ports)
    entry = wallet.admin_credit(
        admin, "alice", usd(50), "late parcel", idempotency_key=None, correlation_id="c",
        deadline=Deadline.within(5), ports=ports,
    )  # fmt: skip
    assert entry.reference == "Credit from Estore: late parcel"
    assert balance(alice, ports) == 50
    with pytest.raises(NotFound):
        wallet.admin_credit(
            admin, "nobody", usd(50), "late parcel", idempotency_key=None, correlation_id="c",
            deadline=Deadline.within(5), ports=ports,
        )  # fmt: skip


def test_the_statement_lists_the_newest_entries_first_page_by_page(ports: LedgerPorts) -> None:
    # Given three deposits, a minute apart
    alice = customer("alice", ports)
    for minute, amount in enumerate((10, 20, 30)):
        clock.set_clock(lambda minute=minute: datetime(2026, 1, 1, 12, minute, tzinfo=UTC))
        deposit(alice, amount, ports)
    clock.set_clock(None)
    # When she reads her statement two entries at a time
    first = wallet.entries(alice, 2, None, ports)
    second = wallet.entries(alice, 2, first.next_cursor, ports)
    # Then she sees every entry once, newest first
    assert [e.amount.amount for e in first.items + second.items] == [30, 20, 10]
    assert [e.balance_after.amount for e in first.items + second.items] == [60, 30, 10]
    assert second.next_cursor is None


class _Interfering(FakeLedger):
    """A ledger where someone else's posting lands between this request's read and its write, once."""

    def __init__(self, table: FakeTable, account_id: str, amount: int) -> None:
        super().__init__(table)
        self.pending: tuple[str, int] | None = (account_id, amount)

    def balances(self, account_ids: list[str]) -> dict[str, int]:
        seen = super().balances(account_ids)
        if self.pending and self.pending[0] in seen:
            account_id, amount = self.pending
            self.pending = None
            self._add_to(account_id, amount)  # the concurrent writer, after our read
        return seen


def test_a_wallet_that_changed_after_it_was_read_is_read_again_and_the_movement_wins(table: FakeTable) -> None:
    # Given Alice holds 100 and a deposit of 50 by someone else lands between the read and the write
    plain = fake_ledger_ports(table)
    alice = customer("alice", plain)
    deposit(alice, 100, plain)
    racing = LedgerPorts(ledger=_Interfering(table, "alice", 50), records=plain.records, users=plain.users)
    # When she withdraws 120 (the read said 100: refused if read once; 150 after the re-read)
    entry = withdraw(alice, 120, racing)
    # Then the first write failed its condition, was retried from a fresh read, and won
    assert entry.balance_after.amount == 30


def test_a_posting_from_a_stale_balance_fails_with_balance_changed_and_writes_nothing(ports: LedgerPorts) -> None:
    # Given Alice's wallet read at 100, then moved to 101
    alice = customer("alice", ports)
    deposit(alice, 100, ports)
    deposit(alice, 1, ports)
    # When an entry posted from the balance read is committed
    uow = ports.ledger.unit_of_work()
    stale = Entry("e-x", EntryType.TRANSFER, (Line("alice", -10), Line(EXTERNAL, 10)), "", "2026-01-01", "c")
    ports.ledger.post(uow, stale, {"alice": 100})
    with pytest.raises(Conflict) as conflict:
        uow.commit()
    # Then BALANCE_CHANGED (a lost race the posting retries), and the wallet is untouched
    assert conflict.value.code == BALANCE_CHANGED
    assert balance(alice, ports) == 101
    assert len(ledger.trial_balance(ports).mismatches) == 0


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("deposit"), st.sampled_from("ab"), st.integers(1, 500)),
        st.tuples(st.just("withdraw"), st.sampled_from("ab"), st.integers(1, 500)),
        st.tuples(st.just("transfer"), st.sampled_from(["ab", "ba"]), st.integers(1, 500)),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(OPERATIONS)
def test_the_books_balance_after_any_sequence_of_movements(operations: list[tuple[str, str, int]]) -> None:
    # Given two customers and a model of what each should hold
    ports = fake_ledger_ports()
    people = {name: customer(name, ports) for name in "ab"}
    model = dict.fromkeys("ab", 0)
    # When any sequence of movements runs (some refused for lack of funds)
    for kind, who, amount in operations:
        try:
            if kind == "deposit":
                deposit(people[who], amount, ports)
                model[who] += amount
            elif kind == "withdraw":
                withdraw(people[who], amount, ports)
                model[who] -= amount
            else:
                transfer(people[who[0]], who[1], amount, ports)
                model[who[0]] -= amount
                model[who[1]] += amount
        except InsufficientFunds:
            pass
    # Then every wallet holds what the model says, none is negative, and the journal balances
    assert {name: balance(p, ports) for name, p in people.items()} == model
    trial = ledger.trial_balance(ports)
    assert trial.balanced, trial.mismatches
    assert trial.totals["wallets"] == -trial.totals["external"] == sum(model.values())
