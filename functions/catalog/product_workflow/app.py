"""The CreateProduct workflow's Lambda tasks: one handler, the step named in the task's payload."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.errors import DomainError
from estore.observability import logger
from estore.services.product_workflow import STEPS, Draft
from estore.workflows import StepRejected


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Draft:
    step = event["step"]
    draft: Draft = event["draft"]
    logger.append_keys(step=step, product_id=draft.get("productId"))
    logger.set_correlation_id(draft.get("correlationId"))
    try:
        return STEPS[step](draft)
    except DomainError as error:
        # The caller's mistake, not a failure: Step Functions ends the execution and the API answers 4xx.
        logger.info("step rejected", extra={"code": error.code})
        raise StepRejected(error) from error
