"""CodeDeploy post-traffic hook: smoke-checks the API through the new functions; a failure rolls them back."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.config import get_settings
from estore.deployments import api_url, report_hook
from estore.observability import logger
from estore.services.smoke import run_smoke_checks


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    checks = run_smoke_checks(api_url(get_settings().require("api_url_parameter")))
    passed = all(check.passed for check in checks)
    for check in checks:
        logger.info("smoke check", extra={"check": check.name, "passed": check.passed, "detail": check.detail})
    report_hook(event["DeploymentId"], event["LifecycleEventHookExecutionId"], succeeded=passed)
    return {"passed": passed, "checks": [check.name for check in checks if not check.passed]}
