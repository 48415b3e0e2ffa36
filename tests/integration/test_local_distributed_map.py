"""The local cloud's Distributed Map (estore_local.emulator.distributed_map): ItemBatcher and tolerated failures run
as the ASL says, inside moto's interpreter, on a CSV read by moto's own ItemReader."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from estore_local.emulator import distributed_map

ROLE = "arn:aws:iam::123456789012:role/sfn"
CSV = "id,fail\n1,no\n2,no\n3,yes\n4,no\n5,no\n"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "t",
        "AWS_SECRET_ACCESS_KEY": "t",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    distributed_map.install()
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="rows")
        s3.put_object(Bucket="rows", Key="rows.csv", Body=CSV.encode())
        yield


def run(processor_states: dict[str, Any], **map_fields: Any) -> dict[str, Any]:
    definition = {
        "StartAt": "Rows",
        "States": {
            "Rows": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                    "Parameters": {"Bucket": "rows", "Key": "rows.csv"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": next(iter(processor_states)),
                    "States": processor_states,
                },
                "End": True,
                **map_fields,
            }
        },
    }
    sfn = boto3.client("stepfunctions")
    machine = sfn.create_state_machine(
        name="m" + str(__import__("uuid").uuid4())[:8], definition=json.dumps(definition), roleArn=ROLE, type="STANDARD"
    )
    arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input='{"importId": "i1"}')["executionArn"]
    while (described := sfn.describe_execution(executionArn=arn))["status"] == "RUNNING":
        time.sleep(0.02)
    return dict(described)


PASS = {"Echo": {"Type": "Pass", "End": True}}
FAIL = {"Boom": {"Type": "Fail", "Error": "Bad", "Cause": "always"}}


def test_each_child_gets_a_batch_of_at_most_max_items_with_the_batch_input(aws: None) -> None:
    batcher = {"MaxItemsPerBatch": 2, "BatchInput": {"importId.$": "$.importId", "fixed": 1}}

    ended = run(PASS, ItemBatcher=batcher)

    assert ended["status"] == "SUCCEEDED"
    batches = json.loads(ended["output"])
    assert [[item["id"] for item in batch["Items"]] for batch in batches] == [["1", "2"], ["3", "4"], ["5"]]
    assert all(batch["BatchInput"] == {"importId": "i1", "fixed": 1} for batch in batches)


def test_without_a_batcher_each_child_gets_one_item(aws: None) -> None:
    ended = run(PASS)

    assert [item["id"] for item in json.loads(ended["output"])] == ["1", "2", "3", "4", "5"]


def test_failed_batches_within_the_tolerated_percentage_do_not_fail_the_map(aws: None) -> None:
    ended = run(FAIL, ItemBatcher={"MaxItemsPerBatch": 2}, ToleratedFailurePercentage=100)

    assert ended["status"] == "SUCCEEDED"


def test_failures_without_a_tolerance_fail_the_map(aws: None) -> None:
    ended = run(FAIL, ItemBatcher={"MaxItemsPerBatch": 2})

    assert (ended["status"], ended.get("error")) == ("FAILED", "States.ExceedToleratedFailureThreshold")


def test_a_batch_counts_as_many_items_as_it_holds() -> None:
    grouped = distributed_map.batches(list(range(5)), {"MaxItemsPerBatch": 2}, None)

    assert [len(batch["Items"]) for batch in grouped] == [2, 2, 1]


def test_a_batch_stops_at_max_input_bytes() -> None:
    grouped = distributed_map.batches(["x" * 10] * 3, {"MaxItemsPerBatch": 25, "MaxInputBytesPerBatch": 30}, {"a": 1})

    assert [len(batch["Items"]) for batch in grouped] == [2, 1]
    assert all(batch["BatchInput"] == {"a": 1} for batch in grouped)


@pytest.mark.parametrize(
    ("failed", "total", "count", "percentage", "exceeds"),
    [
        (0, 10, None, None, False),
        (1, 10, None, None, True),
        (1, 10, 1, None, False),
        (2, 10, None, 20.0, False),
        (3, 10, None, 20.0, True),
        (2, 10, 1, 50.0, True),
    ],
)
def test_the_tolerance_rule(
    failed: int, total: int, count: int | None, percentage: float | None, exceeds: bool
) -> None:
    assert distributed_map.exceeds_tolerance(failed, total, count, percentage) is exceeds
