"""The trial balance: the whole journal summed, and every account checked against it."""

from __future__ import annotations

from collections import Counter

from estore.domain.ledger import EXTERNAL, FEES, TrialBalance, is_wallet
from estore.store.ports import LedgerPorts, dynamo_ledger


def trial_balance(ports: LedgerPorts | None = None) -> TrialBalance:
    """Balanced when debits equal credits, each entry balances, and each balance is its lines' sum."""
    ports = ports or dynamo_ledger()
    journal = ports.ledger.journal()
    accounts = {account.id: account.balance for account in ports.ledger.accounts()}
    debits = credits = 0
    from_journal: Counter[str] = Counter()
    mismatches: list[dict[str, object]] = []
    for entry in journal:
        deltas = [line.delta for line in entry.lines]
        if sum(deltas) != 0:
            mismatches.append({"entryId": entry.id, "problem": "entry does not balance", "sum": sum(deltas)})
        for line in entry.lines:
            debits += -line.delta if line.delta < 0 else 0
            credits += line.delta if line.delta > 0 else 0
            from_journal[line.account_id] += line.delta
    for account_id in sorted(set(accounts) | set(from_journal)):
        balance, lines = accounts.get(account_id, 0), from_journal.get(account_id, 0)
        if balance != lines:
            mismatches.append({"accountId": account_id, "balance": balance, "journal": lines})
        if is_wallet(account_id) and balance < 0:
            mismatches.append({"accountId": account_id, "problem": "negative wallet", "balance": balance})
    totals = {
        "debits": debits,
        "credits": credits,
        "wallets": sum(balance for account_id, balance in accounts.items() if is_wallet(account_id)),
        "fees": accounts.get(FEES, 0),
        "external": accounts.get(EXTERNAL, 0),
    }
    return TrialBalance(
        balanced=debits == credits and not mismatches and sum(accounts.values()) == 0,
        totals=totals,
        entries=len(journal),
        accounts=len(accounts),
        mismatches=mismatches,
    )
