"""Accounts and the journal in the table. A posting is a few writes added to a unit of work:
each wallet changes only from the balance that was read (so concurrent postings cannot both spend
the same money), platform accounts are added to, the entry and each account's line are written once."""

from __future__ import annotations

from typing import Any

from estore.config import get_settings
from estore.ddb.conditions import Key as K
from estore.domain.events import DomainEvent
from estore.domain.ledger import Entry, is_wallet
from estore.errors import Conflict
from estore.store import dynamo, keys
from estore.store.items import batch_get, plain, query_page
from estore.store.records import Account, JournalEntry, StatementLine
from estore.store.uow import Transaction, UnitOfWork, dynamo_uow

BALANCE_CHANGED = "BALANCE_CHANGED"


def unit_of_work() -> UnitOfWork:
    """A unit of work on the Estore table."""
    return UnitOfWork(get_settings().table_name)


def balances(account_ids: list[str]) -> dict[str, int]:
    """Current balances of the accounts that exist (one BatchGetItem)."""
    found = batch_get([keys.account(account_id) for account_id in account_ids])
    return {str(item["id"]): int(item["balance"]) for item in found.values()}


def add_account(uow: UnitOfWork, account_id: str, owner: str, now: str, opened: DomainEvent) -> None:
    """The account at zero and its AccountOpened event, in someone else's transaction (a new store)."""
    item: dict[str, Any] = {**keys.account(account_id), **keys.accounts_index(account_id), "type": "ACCOUNT"}
    item.update(id=account_id, owner=owner, balance=0, createdAt=now)
    uow.put(item, condition="attribute_not_exists(pk)", on_condition_failed=Conflict("open", code="ACCOUNT_EXISTS"))
    uow.emit(opened)


def open_account(account_id: str, owner: str, now: str, opened: DomainEvent) -> None:
    """Creates the account at zero with its AccountOpened event; an account already open is left alone."""
    uow = UnitOfWork(dynamo.table().name)
    add_account(uow, account_id, owner, now, opened)
    try:
        uow.commit()
    except Conflict as conflict:
        if conflict.code != "ACCOUNT_EXISTS":
            raise


def post(uow: Transaction, entry: Entry, seen: dict[str, int]) -> dict[str, int | None]:
    """Adds the entry's writes to `uow`; the balance after each line (None for platform accounts,
    which are added to without reading, so that they never become a point of contention)."""
    writes = dynamo_uow(uow)
    after: dict[str, int | None] = {}
    changed = Conflict("A balance changed while this request ran.", code=BALANCE_CHANGED)
    for line in entry.lines:
        if is_wallet(line.account_id):
            balance = seen[line.account_id] + line.delta
            writes.update(
                keys.account(line.account_id),
                "SET balance = :after",
                condition="balance = :seen",
                values={":after": balance, ":seen": seen[line.account_id]},
                on_condition_failed=changed,
            )
            after[line.account_id] = balance
        else:
            # The platform's accounts exist from their first movement on: ADD creates the item.
            index = keys.accounts_index(line.account_id)
            writes.update(
                keys.account(line.account_id),
                "SET #type = :type, id = :id, #owner = :owner, gsi2pk = :index, gsi2sk = :id ADD balance :delta",
                names={"#type": "type", "#owner": "owner"},
                values={":delta": line.delta, ":type": "ACCOUNT", ":id": line.account_id, ":owner": "platform"}
                | {":index": index["gsi2pk"]},
            )
            after[line.account_id] = None
        writes.put(
            {
                **keys.account_line(line.account_id, entry.created_at, entry.id),
                **(line.extra or {}),
                "type": "ACCOUNTLINE",
                "entryId": entry.id,
                "entryType": entry.type.value,
                "accountId": line.account_id,
                "delta": line.delta,
                "balanceAfter": after[line.account_id],
                "reference": entry.reference,
                "createdAt": entry.created_at,
            }
        )
    writes.put(
        {
            **keys.journal_entry(entry.id),
            **keys.journal_index(entry.created_at, entry.id),
            "type": "JOURNAL",
            "id": entry.id,
            "entryType": entry.type.value,
            "lines": [{"accountId": line.account_id, "delta": line.delta} for line in entry.lines],
            "reference": entry.reference,
            "createdAt": entry.created_at,
            "correlationId": entry.correlation_id,
        },
        condition="attribute_not_exists(pk)",
    )
    return after


def statement(
    account_id: str, limit: int, start: dict[str, Any] | None
) -> tuple[list[StatementLine], dict[str, Any] | None]:
    """One page of the account's lines, newest first."""
    page, after = query_page(
        keys.account_partition(account_id), index=None, limit=limit, start=start, sk_prefix="ENTRY#"
    )
    return [StatementLine.from_item(item) for item in page], after


def journal() -> list[JournalEntry]:
    """Every journal entry (gsi2 JOURNAL)."""
    return [JournalEntry.from_item(item) for item in whole_partition("JOURNAL", "gsi2")]


def accounts() -> list[Account]:
    """Every account (gsi2 ACCOUNTS)."""
    return [Account.from_item(item) for item in whole_partition("ACCOUNTS", "gsi2")]


def whole_partition(partition: str, index: str) -> list[dict[str, Any]]:
    """Every item of a gsi2 partition (the journal, or the accounts), for the trial balance."""
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"IndexName": index, "KeyConditionExpression": K(f"{index}pk").eq(partition)}
    while True:
        page = dynamo.table().query(**query)
        items += [plain(item) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def all_lines(account_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {
        "KeyConditionExpression": K("pk").eq(keys.account_partition(account_id)) & K("sk").begins_with("ENTRY#")
    }
    while True:
        page = dynamo.table().query(**query)
        items += [plain(item) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
