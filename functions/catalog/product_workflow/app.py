"""The CreateProduct workflow's Lambda tasks: one handler, the step named in the task's payload."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger
from estore.services.product_workflow import Draft, run_step


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Draft:
    step = event["step"]
    draft: Draft = event["draft"]
    logger.append_keys(step=step, product_id=draft.get("productId"))
    logger.set_correlation_id(draft.get("correlationId"))
    return run_step(step, draft)
