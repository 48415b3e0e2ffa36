"""CodeDeploy lifecycle hooks: where the API is, and reporting whether the deployment may go on."""

from __future__ import annotations

from estore import aws


def report_hook(deployment_id: str, execution_id: str, *, succeeded: bool) -> None:
    aws.client("codedeploy").put_lifecycle_event_hook_execution_status(
        deploymentId=deployment_id,
        lifecycleEventHookExecutionId=execution_id,
        status="Succeeded" if succeeded else "Failed",
    )


def api_url(parameter_name: str) -> str:
    """The API's base URL, from the SSM parameter the stack writes (a reference to the API would be a cycle:
    the API points at the functions' aliases, whose deployments point at this hook)."""
    answer = aws.client("ssm").get_parameter(Name=parameter_name)
    return str(answer["Parameter"]["Value"])
