"""Estore's cfn-lint rules (lint/cfn_rules, run by `make lint`) each catch the template that breaks them.

Every fixture under fixtures/cfn_rules breaks one rule once and holds every other; good.yaml holds them all.
"""

from pathlib import Path

import pytest
from cfnlint.api import lint_file
from cfnlint.config import ManualArgs

from estore_local.emulator.template import ROOT

pytestmark = pytest.mark.template

RULES = ROOT / "lint" / "cfn_rules"
FIXTURES = Path(__file__).parent / "fixtures" / "cfn_rules"


def _estore_findings(fixture: str) -> list[tuple[str, str, str]]:
    """(rule id, where, message) of each Estore rule's finding in a fixture template."""
    matches = lint_file(FIXTURES / fixture, config=ManualArgs(append_rules=[str(RULES)], regions=["us-east-1"]))
    return sorted(
        (match.rule.id, "/".join(str(part) for part in match.path), match.message)
        for match in matches
        if match.rule.id.startswith("E9")
    )


def test_a_template_that_keeps_every_rule_has_no_finding() -> None:
    # Given a function with its log group, errors alarm, alarmed DLQs and scoped policy
    # When the rules check it / Then none of them reports anything
    assert _estore_findings("good.yaml") == []


@pytest.mark.parametrize(
    ("fixture", "rule", "where", "says"),
    [
        ("no_log_group.yaml", "E9001", "Resources/ApiFunction", "no AWS::Logs::LogGroup named /aws/lambda/"),
        ("no_retention.yaml", "E9001", "Resources/ApiFunction", "log group has no RetentionInDays"),
        ("no_errors_alarm.yaml", "E9002", "Resources/ApiFunction", "no Errors alarm"),
        ("s3_event_without_dlq.yaml", "E9004", "Resources/ApiFunction", "no failure destination or dead-letter queue"),
        ("dlq_without_alarm.yaml", "E9004", "Resources/ApiFunction", "FailedQueue, which has no alarm"),
        ("rule_target_without_dlq.yaml", "E9004", "Resources/ApiFunction/Properties/Events/Changed", "no failure"),
        ("stream_without_destination.yaml", "E9004", "Resources/ApiFunction/Properties/Events/Stream", "no failure"),
        ("plain_permission_without_dlq.yaml", "E9004", "Resources/ApiFunction", "invoked by events.amazonaws.com"),
        ("action_star.yaml", "E9005", "Resources/ApiFunction/Properties/Policies/0", "allows every action (*)"),
        ("write_on_resource_star.yaml", "E9005", "Resources/ApiFunction/Properties/Policies/0", "dynamodb:DeleteItem"),
    ],
)
def test_a_rule_reports_the_one_thing_its_fixture_breaks(fixture: str, rule: str, where: str, says: str) -> None:
    # Given a template that breaks one rule once
    # When the rules check it
    findings = _estore_findings(fixture)
    # Then exactly that rule reports it, at that place
    assert len(findings) == 1, findings
    ((rule_id, path, message),) = findings
    assert (rule_id, path.startswith(where), says in message) == (rule, True, True), findings[0]


def test_a_function_off_arm64_and_the_project_runtime_is_reported_for_both() -> None:
    # Given a function that adds x86_64 to the Globals' architectures and asks for python3.12
    # When the rules check it
    findings = _estore_findings("x86_and_old_runtime.yaml")
    # Then E9003 reports the architecture and the runtime
    assert [(rule, message) for rule, _, message in findings] == [
        ("E9003", "ApiFunction runs on ['arm64', 'x86_64'], not [arm64]"),
        ("E9003", "ApiFunction runs python3.12, not python3.13"),
    ]


def test_a_read_action_on_resource_star_is_allowed_but_not_a_write() -> None:
    # Given a statement with GetItem (read) and DeleteItem (write) on "*"
    # When the rules check it
    findings = _estore_findings("write_on_resource_star.yaml")
    # Then only the write is named
    assert "dynamodb:GetItem" not in findings[0][2]
