"""Inert items that give a local table a real size (benchmarks and race tests at 10,000+ items).

Filler items live in their own partitions (`FILLER#...`) and GSI partitions, are the size of an offer,
and are neither outbox items nor anything a use case reads: they cost what a real catalog costs the
table (its size, its indexes) without changing what any request answers.
"""

from __future__ import annotations

import uuid
from typing import Any

BATCH = 25  # BatchWriteItem's limit
PARTITIONS = 100


def filler_item(run: str, number: int) -> dict[str, Any]:
    """One inert item, in DynamoDB's wire format."""
    partition = number % PARTITIONS
    return {
        "pk": {"S": f"FILLER#{run}#{number}"},
        "sk": {"S": "META"},
        "type": {"S": "FILLER"},
        "gsi1pk": {"S": f"FILLER#{partition}"},
        "gsi1sk": {"S": f"{run}#{number:09d}"},
        "title": {"S": f"Filler item {number} " + "x" * 180},
        "price": {"M": {"amount": {"N": str(1000 + number % 9000)}, "currency": {"S": "USD"}}},
        "stock": {"N": str(number % 50)},
    }


def item_count(dynamodb: Any, table: str) -> int:
    return int(dynamodb.describe_table(TableName=table)["Table"]["ItemCount"])


def fill(dynamodb: Any, table: str, at_least: int) -> int:
    """Adds filler (batch writes) until the table holds `at_least` items; the count it holds then."""
    missing = at_least - item_count(dynamodb, table)
    run = uuid.uuid4().hex[:8]
    for start in range(0, max(0, missing), BATCH):
        writes = [{"PutRequest": {"Item": filler_item(run, n)}} for n in range(start, min(missing, start + BATCH))]
        pending: dict[str, Any] = {table: writes}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    return item_count(dynamodb, table)
