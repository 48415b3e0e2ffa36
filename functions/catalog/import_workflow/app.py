"""The Import workflow's Lambda tasks: one handler, the step named in the task's payload."""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger
from estore.services import import_workflow
from estore.triggers import trigger

STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "Validate": import_workflow.validate,
    "ImportBatch": import_workflow.import_batch,
    "Summarize": import_workflow.summarize,
}


@trigger()
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = event["step"]
    payload: dict[str, Any] = event["input"]
    logger.append_keys(
        step=step, import_id=payload.get("importId") or (payload.get("BatchInput") or {}).get("importId")
    )
    # A step's errors are not caught: Step Functions retries the task, and a batch failing every retry
    # counts against the Distributed Map's tolerated failures (its rows are reported failed at the end).
    return STEPS[step](payload)
