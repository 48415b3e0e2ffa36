"""python -m estore_local.devtools.templategen --write|--check: template.yaml from the hand-written template.src.yaml.

template.src.yaml states what differs between functions; this adds what every function gets and only a name
tells apart, right after the function it belongs to, so template.yaml reads one function at a time:

- `<Function>LogGroup`: `/aws/lambda/<name>` with `LogRetentionDays`;
- `<Function>ErrorsAlarm`: any error in a minute, to the alarm topic;
- `DeploymentPreference: Alarms: [<Function>ErrorsAlarm]` on a function that states no DeploymentPreference
  (CodeDeploy rolls its alias back on that alarm).

A resource the source already defines under one of those logical ids is kept as written (the smoke check's log
group has the name CodeDeploy gives hook functions). The rest of the text, comments included, is copied as is,
so template.yaml is what SAM, cfn-lint, the local cloud and CloudFormation all read. `--check` (in
`make test-template`) fails when template.yaml is not what the source generates.
"""

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from estore_local.emulator.cfn_yaml import parse_yaml

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "template.src.yaml"
TARGET = ROOT / "template.yaml"
FUNCTION_TYPE = "AWS::Serverless::Function"

HEADER = (
    "# GENERATED from template.src.yaml by `make template` (estore_local.devtools.templategen): "
    "edit that file, not this one.\n"
)
_RESOURCE_KEY = re.compile(r"^  ([A-Za-z0-9]+):\s*$")

LOG_GROUP = """\
  {name}LogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${{{name}}}
      RetentionInDays: !Ref LogRetentionDays
"""

ERRORS_ALARM = """\
  {name}ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: {name} raised or timed out.
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - {{ Name: FunctionName, Value: !Ref {name} }}
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      TreatMissingData: notBreaching
      AlarmActions: [!Ref AlarmTopic]
"""

DEPLOYMENT_ALARM = """\
      DeploymentPreference:
        Alarms: [!Ref {name}ErrorsAlarm]
"""


def generate(source: str) -> str:
    """The full template: the source's text plus each function's log group, errors alarm and rollback alarm."""
    data = parse_yaml(source)
    resources: dict[str, Any] = data.get("Resources") or {}
    lines = source.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):  # the source's own header speaks to its editors; HEADER replaces it
        lines.pop(0)
    starts = _resource_starts(lines)
    out: list[str] = []
    cursor = 0
    for index, (logical_id, start) in enumerate(starts):
        if resources.get(logical_id, {}).get("Type") != FUNCTION_TYPE:
            continue
        limit = starts[index + 1][1] if index + 1 < len(starts) else len(lines)
        end = _block_end(lines, start, limit)
        props = resources[logical_id].get("Properties") or {}
        block = lines[start:end]
        if "DeploymentPreference" not in props:
            at = block.index("    Properties:\n") + 1
            block = [*block[:at], DEPLOYMENT_ALARM.format(name=logical_id), *block[at:]]
        out.extend(lines[cursor:start])
        out.extend(block)
        for suffix, text in (("LogGroup", LOG_GROUP), ("ErrorsAlarm", ERRORS_ALARM)):
            if f"{logical_id}{suffix}" not in resources:
                out.extend(["\n", text.format(name=logical_id)])
        cursor = end
    out.extend(lines[cursor:])
    return HEADER + "".join(out)


def _resource_starts(lines: list[str]) -> list[tuple[str, int]]:
    """(logical id, line index) of every resource, in order."""
    starts: list[tuple[str, int]] = []
    in_resources = False
    for number, line in enumerate(lines):
        if line and not line[0].isspace() and line[0] != "#":
            in_resources = line.startswith("Resources:")
            continue
        match = _RESOURCE_KEY.match(line) if in_resources else None
        if match:
            starts.append((match.group(1), number))
    return starts


def _block_end(lines: list[str], start: int, limit: int) -> int:
    """The line after a resource's last line: before the blank lines and section comments leading to the next."""
    end = start + 1
    for number in range(start + 1, limit):
        line = lines[number]
        if line.strip() and not line.startswith("  #") and line.startswith("   "):
            end = number + 1
        elif line.strip() and not line.startswith("   "):
            break
    return end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m estore_local.devtools.templategen", description=__doc__.splitlines()[0]
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="write template.yaml")
    mode.add_argument("--check", action="store_true", help="fail if template.yaml is not current")
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    generated = generate(args.source.read_text(encoding="utf-8"))
    if args.write:
        args.target.write_text(generated, encoding="utf-8")
        print(f"wrote {args.target.name} from {args.source.name}")
        return 0
    current = args.target.read_text(encoding="utf-8") if args.target.exists() else ""
    if current != generated:
        print(f"{args.target.name} is not what {args.source.name} generates: run make template", file=sys.stderr)
        return 1
    print(f"{args.target.name} matches {args.source.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
