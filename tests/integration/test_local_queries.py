"""The local cloud's Query: it reads only the queried partition, and answers exactly what moto answered.

moto sorts and tests every item of the table for each Query; `estore_local.emulator.moto_queries` hands moto's own
query code only the candidates (the table partition, or the index partition from a map kept in step with
every write). These tests pin that the answers are the same as a full look at the table, after every kind
of write: puts, in-place updates that move an item between index partitions, deletes, batch writes,
cancelled transactions (rolled back by the journal) and PartiQL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from estore_local.emulator import moto_queries, moto_transactions

TABLE = "estore-queries"
GROUPS = ("g0", "g1", "g2")


@pytest.fixture
def ddb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    moto_transactions.install()
    moto_queries.install()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gpk", "gsk")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-group",
                    "KeySchema": [
                        {"AttributeName": "gpk", "KeyType": "HASH"},
                        {"AttributeName": "gsk", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
        yield client


def item(pk: str, sk: str, group: str | None, rank: str = "a") -> dict[str, Any]:
    found = {"pk": {"S": pk}, "sk": {"S": sk}, "gsk": {"S": rank}}
    return {**found, "gpk": {"S": group}} if group else found


def by_group(client: Any, group: str, **extra: Any) -> list[tuple[str, str]]:
    answer = client.query(
        TableName=TABLE,
        IndexName="by-group",
        KeyConditionExpression="gpk = :g",
        ExpressionAttributeValues={":g": {"S": group}},
        **extra,
    )
    return [(found["pk"]["S"], found["sk"]["S"]) for found in answer["Items"]]


def expected_group(client: Any, group: str) -> list[tuple[str, str]]:
    """What the index holds, from a scan of the whole table (moto's own path), in the index's order."""
    items = [found for found in client.scan(TableName=TABLE)["Items"] if found.get("gpk", {}).get("S") == group]
    items.sort(key=lambda found: (found["gsk"]["S"], found["pk"]["S"], found["sk"]["S"]))
    return [(found["pk"]["S"], found["sk"]["S"]) for found in items]


def partition(client: Any, pk: str) -> list[str]:
    answer = client.query(
        TableName=TABLE, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": pk}}
    )
    return [found["sk"]["S"] for found in answer["Items"]]


def test_an_index_query_answers_what_the_table_holds_after_every_kind_of_write(ddb: Any) -> None:
    # Given items spread over three index partitions, queried once so the partition map exists
    rng = random.Random(15)
    for n in range(60):
        ddb.put_item(TableName=TABLE, Item=item(f"P{n % 12}", f"S{n}", rng.choice(GROUPS), rng.choice("abc")))
    assert by_group(ddb, "g0") == expected_group(ddb, "g0")

    for step in range(60):
        # When any kind of write changes an item's index partition, or the item's existence
        pk, sk, group = f"P{rng.randrange(12)}", f"S{rng.randrange(70)}", rng.choice((*GROUPS, None))
        kind = step % 5
        if kind == 0:
            ddb.put_item(TableName=TABLE, Item=item(pk, sk, group, rng.choice("abc")))
        elif kind == 1:
            expression = "SET gpk = :g, gsk = :r" if group else "REMOVE gpk"
            values = {":g": {"S": group}, ":r": {"S": rng.choice("abc")}} if group else None
            ddb.update_item(
                TableName=TABLE,
                Key={"pk": {"S": pk}, "sk": {"S": sk}},
                UpdateExpression=expression,
                **({"ExpressionAttributeValues": values} if values else {}),
            )
        elif kind == 2:
            ddb.delete_item(TableName=TABLE, Key={"pk": {"S": pk}, "sk": {"S": sk}})
        elif kind == 3:
            ddb.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item(pk, f"B{step}", group)}}]})
        else:
            with pytest.raises(ClientError):  # a Put then a failed check: the journal puts the item back
                ddb.transact_write_items(
                    TransactItems=[
                        {"Put": {"TableName": TABLE, "Item": item(pk, sk, group)}},
                        {
                            "ConditionCheck": {
                                "TableName": TABLE,
                                "Key": {"pk": {"S": "none"}, "sk": {"S": "none"}},
                                "ConditionExpression": "attribute_exists(pk)",
                            }
                        },
                    ]
                )

        # Then every index partition answers exactly what a look at the whole table finds
        for name in GROUPS:
            assert by_group(ddb, name) == expected_group(ddb, name), (step, kind, name)


def test_a_partiql_write_is_seen_by_the_next_index_query(ddb: Any) -> None:
    # Given an index partition that was queried (its map exists)
    ddb.put_item(TableName=TABLE, Item=item("P1", "S1", "g1"))
    assert by_group(ddb, "g1") == [("P1", "S1")]

    # When PartiQL inserts another item into it
    ddb.execute_statement(
        Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'pk': 'P2', 'sk': 'S2', 'gpk': 'g1', 'gsk': 'b'}}"
    )

    # Then the index shows it
    assert by_group(ddb, "g1") == [("P1", "S1"), ("P2", "S2")]


def test_a_table_query_reads_its_partition_in_order_with_moto_paging(ddb: Any) -> None:
    # Given a partition of five items among others
    for n in (3, 1, 4, 0, 2):
        ddb.put_item(TableName=TABLE, Item=item("P", f"S{n}", "g0"))
    ddb.put_item(TableName=TABLE, Item=item("Q", "S9", "g0"))

    # When it is queried, whole and by pages of two, backwards
    whole = partition(ddb, "P")
    first = ddb.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "P"}},
        Limit=2,
        ScanIndexForward=False,
    )

    # Then it answers only that partition, sorted, and pages as moto does
    assert whole == ["S0", "S1", "S2", "S3", "S4"]
    assert [found["sk"]["S"] for found in first["Items"]] == ["S4", "S3"]
    assert first["LastEvaluatedKey"] == {"pk": {"S": "P"}, "sk": {"S": "S3"}}
    assert partition(ddb, "nobody") == []
