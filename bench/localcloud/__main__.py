"""The local cloud's DynamoDB at real sizes: is a transaction still the price of its items?

Run: `make bench-localcloud` (or `python -m bench.localcloud [sizes...]`). In this process it serves moto
exactly as `make dev` does (the serialized moto behind the local AWS endpoint, with Estore's journaled
TransactWriteItems), fills one table to each size, then times over HTTP, interleaved so that machine noise
hits both alike:
- `PutItem` of one new item (the baseline: its cost does not depend on the table's size), and
- `TransactWriteItems` of one Put, and of 10 items (5 Puts, 5 Updates) with a condition on each.
It prints ms per call (median), the transaction/put ratio (goal: <= 2x at every size for the one-item
transaction) and the process RSS before and after the timed calls (goal: flat).
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from typing import Any

import boto3

from estore_local.emulator.moto_gaps import LocalAws
from estore_local.emulator.moto_server import AwsServer, SerializedMoto

TABLE = "bench-localcloud"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
ROUNDS = 200


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def client(url: str) -> Any:
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - the local endpoint only
    )


def create_table(ddb: Any) -> None:
    ddb.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "gsi1pk", "AttributeType": "S"},
            {"AttributeName": "gsi1sk", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [
                    {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                    {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )


def item(n: int | str) -> dict[str, Any]:
    """An item about the size of an Estore offer (a few hundred bytes, in the GSI)."""
    return {
        "pk": {"S": f"PRODUCT#{n}"},
        "sk": {"S": "OFFER#1"},
        "gsi1pk": {"S": "SELLER#s1"},
        "gsi1sk": {"S": f"OFFER#{n}"},
        "title": {"S": "LEGO Star Wars Millennium Falcon 75257 " * 4},
        "stock": {"N": "5"},
        "price": {"M": {"amount": {"N": "4999"}, "currency": {"S": "USD"}}},
    }


def fill(ddb: Any, start: int, stop: int) -> None:
    for first in range(start, stop, 25):
        requests = [{"PutRequest": {"Item": item(n)}} for n in range(first, min(first + 25, stop))]
        ddb.batch_write_item(RequestItems={TABLE: requests})


def put_one(ddb: Any) -> None:
    ddb.put_item(TableName=TABLE, Item=item(uuid.uuid4().hex))


def transact_one(ddb: Any) -> None:
    ddb.transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": TABLE,
                    "Item": item(uuid.uuid4().hex),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        ]
    )


def transact_ten(ddb: Any, existing: int) -> None:
    puts = [
        {"Put": {"TableName": TABLE, "Item": item(uuid.uuid4().hex), "ConditionExpression": "attribute_not_exists(pk)"}}
        for _ in range(5)
    ]
    updates = [
        {
            "Update": {
                "TableName": TABLE,
                "Key": {"pk": {"S": f"PRODUCT#{(existing * 7 + k) % existing}"}, "sk": {"S": "OFFER#1"}},
                "UpdateExpression": "SET stock = stock + :one",
                "ConditionExpression": "stock >= :zero",
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}},
            }
        }
        for k in range(5)
    ]
    ddb.transact_write_items(TransactItems=[*puts, *updates])


def timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main(sizes: tuple[int, ...]) -> None:
    server = AwsServer(LocalAws(SerializedMoto()), "127.0.0.1", 0)
    server.start()
    ddb = client(server.url)
    create_table(ddb)
    print(f"bench/localcloud: {ROUNDS} interleaved rounds per size, over HTTP to the local AWS endpoint")
    print(
        f"{'items':>8} | {'PutItem ms':>10} | {'Tx(1) ms':>9} | {'Tx/Put':>6} | {'Tx(10) ms':>9}"
        " | RSS MB before -> after"
    )
    filled = 0
    try:
        for size in sizes:
            fill(ddb, filled, size)
            filled = size
            for _ in range(20):  # warm the connection and moto's parsers
                put_one(ddb)
                transact_one(ddb)
            before = rss_mb()
            puts, tx1, tx10 = [], [], []
            for _ in range(ROUNDS):
                puts.append(timed(lambda: put_one(ddb)))
                tx1.append(timed(lambda: transact_one(ddb)))
                tx10.append(timed(lambda size=size: transact_ten(ddb, size)))
            after = rss_mb()
            put_ms, tx_ms, tx10_ms = (statistics.median(xs) for xs in (puts, tx1, tx10))
            print(
                f"{size:>8,} | {put_ms:>10.2f} | {tx_ms:>9.2f} | {tx_ms / put_ms:>5.2f}x | {tx10_ms:>9.2f} |"
                f" {before:,.0f} -> {after:,.0f}"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or DEFAULT_SIZES)
