"""Step Functions: start an Express workflow, wait for it, and turn its failure back into a domain error."""

from __future__ import annotations

import json
from typing import Any

from estore import aws
from estore.errors import DomainError


class StepRejected(Exception):
    """Raised by a workflow step for a domain error; its message is the error as JSON."""

    def __init__(self, error: DomainError):
        super().__init__(json.dumps(error.to_dict()))


class WorkflowFailed(RuntimeError):
    """The workflow failed for a reason that is not the caller's: a bug or an outage."""


def _sfn() -> Any:
    return aws.client("stepfunctions")


def run_sync(state_machine_arn: str, payload: dict[str, Any], *, name: str | None = None) -> dict[str, Any]:
    """Runs an Express state machine to the end; its output, or the domain error a step raised."""
    kwargs: dict[str, Any] = {"stateMachineArn": state_machine_arn, "input": json.dumps(payload)}
    if name:
        kwargs["name"] = name
    answer = _sfn().start_sync_execution(**kwargs)
    if answer["status"] == "SUCCEEDED":
        output: dict[str, Any] = json.loads(answer.get("output") or "{}")
        return output
    raise rejection(answer.get("error"), answer.get("cause")) or WorkflowFailed(
        f"{state_machine_arn} ended {answer['status']}: {answer.get('error')}"
    )


def rejection(error: str | None, cause: str | None) -> DomainError | None:
    """The domain error carried by a StepRejected failure, if that is what ended the execution."""
    if error != StepRejected.__name__ or not cause:
        return None
    try:
        message = json.loads(cause).get("errorMessage", "")
        return DomainError.from_dict(json.loads(message))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def start(state_machine_arn: str, payload: dict[str, Any], *, name: str) -> bool:
    """Starts a Standard workflow named `name`; False when an execution of that name already exists."""
    try:
        _sfn().start_execution(stateMachineArn=state_machine_arn, input=json.dumps(payload), name=name)
    except _sfn().exceptions.ExecutionAlreadyExists:
        return False
    return True
