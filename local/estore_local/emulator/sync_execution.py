"""StartSyncExecution, which moto lacks: StartExecution, then wait for the end, answered in the sync shape.

One emulation for both local clouds: the moto server (`moto_gaps`) and in-process moto (`inprocess`) hand
it their own way of calling Step Functions. The wait is the one AWS gives a synchronous Express execution:
the state machine's own `TimeoutSeconds` when its definition sets one, never more than Express's five
minutes. An execution still running then answers `TIMED_OUT`, as AWS does.
"""

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

EXPRESS_MAX_DURATION_S = 300.0
POLL_INTERVAL_S = 0.01
SYNC_ANSWER_KEYS = (
    "executionArn",
    "stateMachineArn",
    "name",
    "startDate",
    "stopDate",
    "status",
    "error",
    "cause",
    "input",
    "output",
)

# What the emulation needs from Step Functions: an API action's name and its request, its answer back.
CallStepFunctions = Callable[[str, dict[str, Any]], dict[str, Any]]


def timeout_of(definition: str | dict[str, Any] | None) -> float:
    """How long a sync execution of this state machine may run: its TimeoutSeconds, at most Express's 5 minutes."""
    parsed = json.loads(definition) if isinstance(definition, str) else (definition or {})
    declared = parsed.get("TimeoutSeconds") if isinstance(parsed, dict) else None
    if isinstance(declared, int | float) and declared > 0:
        return min(float(declared), EXPRESS_MAX_DURATION_S)
    return EXPRESS_MAX_DURATION_S


def start_sync_execution(call: CallStepFunctions, request: dict[str, Any]) -> dict[str, Any]:
    """Runs one execution to its end (or its timeout) and answers what StartSyncExecution would."""
    # AWS names unnamed executions; moto would name them all "None".
    start = {"stateMachineArn": request["stateMachineArn"], "name": request.get("name") or str(uuid.uuid4())}
    if "input" in request:
        start["input"] = request["input"]
    machine = call("DescribeStateMachine", {"stateMachineArn": request["stateMachineArn"]})
    deadline = time.monotonic() + timeout_of(machine.get("definition"))
    execution_arn = call("StartExecution", start)["executionArn"]
    while True:
        execution = call("DescribeExecution", {"executionArn": execution_arn})
        if execution.get("status") != "RUNNING":
            break
        if time.monotonic() > deadline:
            execution = {**execution, "status": "TIMED_OUT"}
            break
        time.sleep(POLL_INTERVAL_S)
    answer = {key: execution[key] for key in SYNC_ANSWER_KEYS if key in execution}
    answer["billingDetails"] = {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100}
    answer["inputDetails"] = answer["outputDetails"] = {"included": True}
    return answer
