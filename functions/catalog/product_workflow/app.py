"""The CreateProduct workflow's Lambda tasks: one handler, the step named in the task's payload."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.services.product_workflow import Draft, run_step
from estore.triggers import follow, trigger


@trigger()
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Draft:
    step = event["step"]
    draft: Draft = event["draft"]
    follow(draft.get("correlationId"), step=step, product_id=draft.get("productId"))
    return run_step(step, draft)
