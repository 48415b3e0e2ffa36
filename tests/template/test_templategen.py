"""template.yaml is generated from template.src.yaml: each function gets its log group, errors alarm and rollback."""

from estore_local.devtools.templategen import SOURCE, TARGET, generate
from estore_local.emulator.cfn_yaml import parse_yaml

SOURCE_TEXT = """\
Resources:
  # ---- shop
  ShopFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/shop

  HookFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/hook
      # The hook is not shifted: it states its own deployment preference.
      DeploymentPreference:
        Enabled: false

  HookFunctionLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /aws/lambda/hook
      RetentionInDays: 7

  # ---- data
  Table:
    Type: AWS::DynamoDB::Table
"""


def test_every_function_gets_a_log_group_an_errors_alarm_and_that_alarm_as_rollback_trigger() -> None:
    # Given a function that states neither
    # When the template is generated
    resources = parse_yaml(generate(SOURCE_TEXT))["Resources"]
    # Then its log group keeps logs LogRetentionDays, its alarm watches its errors and rolls its alias back
    assert resources["ShopFunctionLogGroup"]["Properties"] == {
        "LogGroupName": {"Fn::Sub": "/aws/lambda/${ShopFunction}"},
        "RetentionInDays": {"Ref": "LogRetentionDays"},
    }
    alarm = resources["ShopFunctionErrorsAlarm"]["Properties"]
    assert (alarm["MetricName"], alarm["Dimensions"]) == (
        "Errors",
        [{"Name": "FunctionName", "Value": {"Ref": "ShopFunction"}}],
    )
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert resources["ShopFunction"]["Properties"]["DeploymentPreference"] == {
        "Alarms": [{"Ref": "ShopFunctionErrorsAlarm"}]
    }


def test_what_the_source_states_is_kept_as_written() -> None:
    # Given a function with its own deployment preference and its own log group
    # When the template is generated
    resources = parse_yaml(generate(SOURCE_TEXT))["Resources"]
    # Then both stay as written, and only the alarm is added
    assert resources["HookFunction"]["Properties"]["DeploymentPreference"] == {"Enabled": False}
    assert resources["HookFunctionLogGroup"]["Properties"]["LogGroupName"] == "/aws/lambda/hook"
    assert "HookFunctionErrorsAlarm" in resources
    assert resources["Table"] == {"Type": "AWS::DynamoDB::Table"}


def test_generated_resources_follow_their_function_and_the_sections_stay_in_place() -> None:
    # Given the source's order and section comments
    # When the template is generated
    text = generate(SOURCE_TEXT)
    # Then each function's resources come right after it, before the next section comment
    order = [
        text.index(key)
        for key in (
            "  ShopFunction:",
            "  ShopFunctionLogGroup:",
            "  ShopFunctionErrorsAlarm:",
            "  HookFunction:",
            "  HookFunctionErrorsAlarm:",
            "  # ---- data",
        )
    ]
    assert order == sorted(order)


def test_the_committed_template_is_what_its_source_generates() -> None:
    # Given template.src.yaml and template.yaml as committed / When generated / Then they match (make template)
    assert TARGET.read_text(encoding="utf-8") == generate(SOURCE.read_text(encoding="utf-8"))
