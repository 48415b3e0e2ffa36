"""Every API function is released through CodeDeploy behind an alias, rolled back by its alarm and the smoke check.

Checked on the template as AWS will see it: SAM's own translator expands Globals (lists in Globals are joined
with the function's own) into the alias and the CodeDeploy deployment group of each function. The translator
runs in the SAM CLI's venv (it pins another pydantic than the functions' layer).
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from estore_local.emulator.cfn_yaml import load_yaml
from estore_local.emulator.template import ROOT, load_template

pytestmark = pytest.mark.template

TEMPLATE = load_template()
API_FUNCTIONS = sorted({route.function_id for route in TEMPLATE.http_routes()})


SAM_PYTHON = ROOT / ".venv-sam" / "bin" / "python"
TRANSLATE = """
import json, sys
from samtranslator.translator.transform import transform

class NoManagedPolicies:  # the translator asks IAM for managed policy ARNs by name; the template names none
    def load(self):
        return {}

print(json.dumps(transform(json.load(sys.stdin), {"Stage": "prod"}, NoManagedPolicies())["Resources"]))
"""


@pytest.fixture(scope="module")
def expanded() -> dict[str, Any]:
    raw = load_yaml(ROOT / "template.yaml")
    # Local paths are what `sam package` replaces with S3 URIs; the translator wants the packaged form.
    for resource in raw["Resources"].values():
        props = resource.get("Properties") or {}
        for key in ("CodeUri", "DefinitionUri", "ContentUri"):
            if isinstance(props.get(key), str):
                props[key] = "s3://packaged/artifact.zip"
    if not SAM_PYTHON.exists():
        pytest.skip("the SAM CLI's venv is missing (make test creates it)")
    translated = subprocess.run(
        [str(SAM_PYTHON), "-c", TRANSLATE],
        input=json.dumps(raw),
        capture_output=True,
        text=True,
        check=True,
        env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"},  # the translator fills in pseudo parameters
    )
    resources: dict[str, Any] = json.loads(translated.stdout)
    return resources


def _ref(value: Any) -> str | None:
    return value.get("Ref") if isinstance(value, dict) else None


@pytest.mark.parametrize("function_id", API_FUNCTIONS)
def test_every_api_function_has_an_alias_a_deployment_and_its_alarms_wired(
    expanded: dict[str, Any], function_id: str
) -> None:
    alias = expanded[f"{function_id}Aliaslive"]
    assert alias["Type"] == "AWS::Lambda::Alias"
    update = alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
    assert _ref(update["AfterAllowTrafficHook"]) == "SmokeCheckFunction"
    group = expanded[_ref(update["DeploymentGroupName"]) or ""]
    assert group["Type"] == "AWS::CodeDeploy::DeploymentGroup"
    alarms = {_ref(alarm["Name"]) for alarm in group["Properties"]["AlarmConfiguration"]["Alarms"]}
    assert alarms == {"ApiRollback5xxAlarm", f"{function_id}ErrorsAlarm"}
    assert group["Properties"]["AutoRollbackConfiguration"]["Enabled"] is True


def test_the_canary_is_prod_only() -> None:
    preference = load_yaml(ROOT / "template.yaml")["Globals"]["Function"]["DeploymentPreference"]
    assert preference["Type"] == {"Fn::If": ["IsProd", "Canary10Percent5Minutes", "AllAtOnce"]}


def test_the_api_5xx_rollback_alarm_reads_the_metric_the_access_log_filter_writes() -> None:
    resources = load_yaml(ROOT / "template.yaml")["Resources"]
    metric_filter = resources["ApiServerErrorsMetricFilter"]["Properties"]
    alarm = resources["ApiRollback5xxAlarm"]["Properties"]
    (transformation,) = metric_filter["MetricTransformations"]
    assert _ref(metric_filter["LogGroupName"]) == "ApiAccessLogGroup"
    assert metric_filter["FilterPattern"] == '{ $.status = "5*" }'
    written = (transformation["MetricNamespace"], transformation["MetricName"])
    assert written == (alarm["Namespace"], alarm["MetricName"])
    # The access log's status field is what the filter matches: a format without it would never count a 5xx.
    api = resources["Api"]["Properties"]
    assert '"status":"$context.status"' in api["AccessLogSettings"]["Format"]
