"""The local stream poller reads moto's stream in process (MotoStreams): the same records, as the poller sees
them, as through the dynamodbstreams API, without moto rendering every record under its one lock."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from estore_local.moto_server import ApiFirstLock
from estore_local.triggers import MotoStreams, _jsonable


@pytest.fixture
def stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A table with a stream and four changes, on moto served over HTTP in this process (as the local cloud)."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "t",
        "AWS_SECRET_ACCESS_KEY": "t",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
    try:
        dynamodb = boto3.client("dynamodb")
        table = dynamodb.create_table(
            TableName=f"t{uuid.uuid4().hex[:8]}",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]
        for n in range(3):
            item = {"pk": {"S": f"p{n}"}, "type": {"S": "OUTBOX"}, "n": {"N": str(n)}, "tags": {"SS": ["a", "b"]}}
            dynamodb.put_item(TableName=table["TableName"], Item=item)
        dynamodb.update_item(
            TableName=table["TableName"],
            Key={"pk": {"S": "p0"}},
            UpdateExpression="SET n = :n",
            ExpressionAttributeValues={":n": {"N": "7"}},
        )
        yield str(table["LatestStreamArn"])
    finally:
        server.stop()


def read_all(client: Any, arn: str) -> list[dict[str, Any]]:
    shard = client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = client.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    return [
        _jsonable(record)
        for record in client.get_records(ShardIterator=iterator["ShardIterator"], Limit=100)["Records"]
    ]


def test_in_process_reads_give_the_poller_the_same_records_as_the_api(stream: str) -> None:
    through_api = read_all(boto3.client("dynamodbstreams"), stream)

    in_process = read_all(MotoStreams(ApiFirstLock()), stream)

    assert len(in_process) == 4
    assert in_process == through_api


def test_in_process_reads_go_on_from_where_the_last_page_ended(stream: str) -> None:
    streams = MotoStreams(ApiFirstLock())
    shard = streams.describe_stream(StreamArn=stream)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")

    first = streams.get_records(ShardIterator=iterator["ShardIterator"], Limit=3)
    second = streams.get_records(ShardIterator=first["NextShardIterator"], Limit=3)

    assert [r["eventName"] for r in first["Records"] + second["Records"]] == ["INSERT", "INSERT", "INSERT", "MODIFY"]
