"""CodeDeploy post-traffic hook: smoke-checks the API through the new functions; a failure rolls them back."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger
from estore.services.smoke import post_traffic_hook
from estore.triggers import trigger


@trigger()
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    checks = post_traffic_hook(event["DeploymentId"], event["LifecycleEventHookExecutionId"])
    for check in checks:
        logger.info("smoke check", extra={"check": check.name, "passed": check.passed, "detail": check.detail})
    return {
        "passed": all(check.passed for check in checks),
        "checks": [check.name for check in checks if not check.passed],
    }
