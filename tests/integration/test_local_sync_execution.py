"""The local clouds' one StartSyncExecution (estore_local.emulator.sync_execution), on moto's interpreter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from estore_local.emulator.sync_execution import EXPRESS_MAX_DURATION_S, start_sync_execution, timeout_of

ROLE = "arn:aws:iam::123456789012:role/sfn"


@pytest.fixture
def sfn(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "t",
        "AWS_SECRET_ACCESS_KEY": "t",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        yield boto3.client("stepfunctions")


def machine(sfn: Any, definition: dict[str, Any]) -> str:
    created = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=ROLE, type="EXPRESS")
    return str(created["stateMachineArn"])


def through(sfn: Any) -> Any:
    actions = {
        "DescribeStateMachine": sfn.describe_state_machine,
        "StartExecution": sfn.start_execution,
        "DescribeExecution": sfn.describe_execution,
    }
    return lambda action, payload: actions[action](**payload)


def test_a_sync_execution_answers_the_finished_executions_output(sfn: Any) -> None:
    # Given an Express state machine that shapes its input
    arn = machine(
        sfn, {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "Parameters": {"got.$": "$.x"}, "End": True}}}
    )
    # When it is started synchronously
    answer = start_sync_execution(through(sfn), {"stateMachineArn": arn, "input": json.dumps({"x": 7})})
    # Then the answer carries the execution's end: status and output, and a name AWS would have given it
    assert answer["status"] == "SUCCEEDED"
    assert json.loads(answer["output"]) == {"got": 7}
    assert answer["name"] not in ("", "None")


def test_a_sync_execution_past_the_machines_timeout_answers_timed_out(sfn: Any) -> None:
    # Given a state machine that waits longer than its own TimeoutSeconds
    waits = {"TimeoutSeconds": 1, "StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3, "End": True}}}
    arn = machine(sfn, waits)
    # When it is started synchronously
    answer = start_sync_execution(through(sfn), {"stateMachineArn": arn, "input": "{}"})
    # Then it ends TIMED_OUT, as AWS answers an execution that outlived its timeout
    assert answer["status"] == "TIMED_OUT"


def test_the_wait_is_the_machines_timeout_capped_at_expresss_five_minutes() -> None:
    # Given definitions with and without a TimeoutSeconds
    # Then the wait is theirs, never past Express's limit
    assert timeout_of(json.dumps({"TimeoutSeconds": 30, "StartAt": "A", "States": {}})) == 30
    assert timeout_of({"TimeoutSeconds": 7200}) == EXPRESS_MAX_DURATION_S
    assert timeout_of({"StartAt": "A", "States": {}}) == EXPRESS_MAX_DURATION_S
