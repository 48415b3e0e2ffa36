"""Estore's own cfn-lint rules: `cfn-lint --append-rules lint/cfn_rules template.yaml` (run by `make lint`).

They read the template as cfn-lint checks it: SAM resources with the Globals merged in (cfn-lint validates SAM
resources as written, it no longer runs SAM's translator), and plain CloudFormation resources for templates
without SAM. cfn-lint loads each file here on its own (not as a package), so the rules and their helpers share
this one module.

- E9001 every function has its log group (`/aws/lambda/<name>`) with a retention;
- E9002 every function has an alarm on its Errors metric;
- E9003 every function runs on arm64 and the project's runtime;
- E9004 every asynchronous source (S3, SNS or EventBridge invoke, EventBridge target, stream or SQS event source)
  has a failure destination or dead-letter queue, and that queue has an alarm;
- E9005 no identity policy allows `Action: "*"` (or `service:*`), nor a write action on `Resource: "*"`.
"""

from collections.abc import Iterator
from typing import Any

from cfnlint.rules import CloudFormationLintRule, RuleMatch

PROJECT_RUNTIME = "python3.13"  # the Makefile's PY_VERSION; the layers are built for it
SOURCE_URL = "https://github.com/estore/estore/blob/main/docs/decisions.md#the-template-generated-resources-and-custom-lint-rules"
FUNCTION = "AWS::Lambda::Function"
SAM_FUNCTION = "AWS::Serverless::Function"
FUNCTIONS = [FUNCTION, SAM_FUNCTION]
# SAM event types whose service invokes the function asynchronously, and those that are a poller's batches.
SAM_ASYNC_EVENTS = {"S3", "SNS", "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "IoTRule"}
SAM_TARGET_EVENTS = {"EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2"}
SAM_STREAM_EVENTS = {"DynamoDB", "Kinesis", "MSK", "SelfManagedKafka", "DocumentDB", "MQ"}
# Services that invoke a function asynchronously (Lambda queues the event and retries it).
ASYNC_PRINCIPALS = {"s3.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com"}
# Read-only action name prefixes: anything else writes.
READ_PREFIXES = ("Get", "List", "Describe", "BatchGet", "Query", "Scan", "Head", "Search", "Lookup", "Select", "View")
# Write actions AWS authorizes on "*" only (no resource-level permissions): Step Functions' and other vended
# log deliveries need them.
STAR_ONLY_ACTIONS = {
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
}


# ---------------------------------------------------------------- helpers


def logical_id_of(value: Any) -> str | None:
    """The logical id a `Ref` or `Fn::GetAtt` names, else None."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((key, arg),) = value.items()
    if key == "Ref" and isinstance(arg, str):
        return arg
    if key == "Fn::GetAtt":
        parts = arg if isinstance(arg, list) else str(arg).split(".", 1)
        return str(parts[0])
    return None


def function_of(resources: dict[str, Any], value: Any) -> str | None:
    """The function a reference names: the function itself, or the one behind an alias or a version."""
    logical_id = logical_id_of(value)
    resource = resources.get(logical_id or "")
    if not isinstance(resource, dict):
        return None
    if resource.get("Type") in FUNCTIONS:
        return logical_id
    if resource.get("Type") in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
        return function_of(resources, _props(resource).get("FunctionName"))
    return None


def sub_text(value: Any) -> str | None:
    """The text of a plain string or of a `Fn::Sub`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Sub" in value:
        arg = value["Fn::Sub"]
        return arg if isinstance(arg, str) else str(arg[0])
    return None


def _props(resource: Any) -> dict[str, Any]:
    props = resource.get("Properties") if isinstance(resource, dict) else None
    return props if isinstance(props, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _functions(cfn: Any) -> dict[str, dict[str, Any]]:
    return dict(cfn.get_resources(FUNCTIONS))


def _alarmed(cfn: Any, namespace: str, dimension: str) -> set[str | None]:
    """Logical ids named by the `dimension` of alarms on `namespace` that notify someone."""
    named: set[str | None] = set()
    for alarm in cfn.get_resources(["AWS::CloudWatch::Alarm"]).values():
        props = _props(alarm)
        if props.get("Namespace") != namespace or not props.get("AlarmActions"):
            continue
        for item in _as_list(props.get("Dimensions") or []):
            if isinstance(item, dict) and item.get("Name") == dimension:
                named.add(logical_id_of(item.get("Value")))
    return named


# ---------------------------------------------------------------- every function


class FunctionLogGroup(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped here
    id = "E9001"
    shortdesc = "Every function has its log group with a retention"
    description = (
        "An AWS::Logs::LogGroup named /aws/lambda/<function> with RetentionInDays (else logs are kept forever)"
    )
    source_url = SOURCE_URL
    tags = ["estore", "lambda", "logs"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        functions = _functions(cfn)
        retention: dict[str, bool] = {}
        for group in cfn.get_resources(["AWS::Logs::LogGroup"]).values():
            props = _props(group)
            name = sub_text(props.get("LogGroupName")) or ""
            if not name.startswith("/aws/lambda/"):
                continue
            target = name.removeprefix("/aws/lambda/")
            for function_id, function in functions.items():
                if target in (f"${{{function_id}}}", sub_text(_props(function).get("FunctionName"))):
                    retention[function_id] = retention.get(function_id, False) or "RetentionInDays" in props
        matches = []
        for function_id in functions:
            if function_id not in retention:
                message = f"{function_id} has no AWS::Logs::LogGroup named /aws/lambda/${{{function_id}}}"
                matches.append(RuleMatch(["Resources", function_id], message))
            elif not retention[function_id]:
                matches.append(
                    RuleMatch(["Resources", function_id], f"{function_id}'s log group has no RetentionInDays")
                )
        return matches


class FunctionErrorsAlarm(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped here
    id = "E9002"
    shortdesc = "Every function has an errors alarm"
    description = "An AWS::CloudWatch::Alarm on the function's AWS/Lambda Errors metric, with an alarm action"
    source_url = SOURCE_URL
    tags = ["estore", "lambda", "alarms"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        alarmed = set()
        for alarm in cfn.get_resources(["AWS::CloudWatch::Alarm"]).values():
            props = _props(alarm)
            if (
                props.get("Namespace") == "AWS/Lambda"
                and props.get("MetricName") == "Errors"
                and props.get("AlarmActions")
            ):
                for item in _as_list(props.get("Dimensions") or []):
                    if isinstance(item, dict) and item.get("Name") == "FunctionName":
                        alarmed.add(logical_id_of(item.get("Value")))
        return [
            RuleMatch(["Resources", function_id], f"{function_id} has no Errors alarm with an alarm action")
            for function_id in _functions(cfn)
            if function_id not in alarmed
        ]


class FunctionPlatform(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped here
    id = "E9003"
    shortdesc = "Every function runs on arm64 and the project's runtime"
    description = f"Architectures [arm64] and Runtime {PROJECT_RUNTIME}: the layers are built for exactly that"
    source_url = SOURCE_URL
    tags = ["estore", "lambda"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        matches = []
        for function_id, function in _functions(cfn).items():
            props = _props(function)
            if props.get("Architectures") != ["arm64"]:
                got = props.get("Architectures", "x86_64 (the default)")
                matches.append(RuleMatch(["Resources", function_id], f"{function_id} runs on {got}, not [arm64]"))
            if props.get("Runtime") != PROJECT_RUNTIME:
                got = props.get("Runtime")
                matches.append(
                    RuleMatch(["Resources", function_id], f"{function_id} runs {got}, not {PROJECT_RUNTIME}")
                )
        return matches


# ---------------------------------------------------------------- asynchronous sources


class AsyncFailureDestination(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped here
    id = "E9004"
    shortdesc = "Every asynchronous source has a failure destination or dead-letter queue, with an alarm"
    description = (
        "Functions invoked asynchronously (S3, SNS, EventBridge), EventBridge rule targets and stream or SQS event "
        "sources send what fails every retry to an SQS queue that has an alarm on its visible messages"
    )
    source_url = SOURCE_URL
    tags = ["estore", "lambda", "events", "alarms"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        resources: dict[str, Any] = cfn.template.get("Resources") or {}
        queues_alarmed = _alarmed(cfn, "AWS/SQS", "QueueName")
        matches: list[RuleMatch] = []

        def check_queue(path: list[Any], what: str, destination: Any) -> None:
            if destination is None:
                matches.append(RuleMatch(path, f"{what} has no failure destination or dead-letter queue"))
                return
            queue = logical_id_of(destination)
            if (resources.get(queue or "") or {}).get("Type") != "AWS::SQS::Queue":
                matches.append(
                    RuleMatch(path, f"{what} sends failures somewhere other than an SQS queue of this stack")
                )
            elif queue not in queues_alarmed:
                matches.append(RuleMatch(path, f"{what} sends failures to {queue}, which has no alarm"))

        for function_id, path, what in self._async_invokes(resources):
            check_queue(path, what, self._failure_destination(resources, function_id))
        for function_id, function in cfn.get_resources([SAM_FUNCTION]).items():
            for event_id, event in (_props(function).get("Events") or {}).items():
                kind = event.get("Type") if isinstance(event, dict) else None
                path = ["Resources", function_id, "Properties", "Events", event_id]
                props = _props(event)
                if kind in SAM_TARGET_EVENTS:
                    dead_letter = props.get("DeadLetterConfig") or {}
                    destination = dead_letter.get("Arn")
                    if destination is None and dead_letter.get("Type") == "SQS":
                        destination = {"Ref": "SAM-created queue"}
                    check_queue(path, f"{function_id}'s {event_id} target", destination)
                if kind in SAM_STREAM_EVENTS:
                    on_failure = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
                    check_queue(path, f"{function_id}'s {event_id} stream", on_failure)
                if kind == "SQS":
                    check_queue(path, f"{function_id}'s {event_id} queue", self._redrive(resources, props.get("Queue")))
        for rule_id, rule in cfn.get_resources(["AWS::Events::Rule"]).items():
            for index, target in enumerate(_as_list(_props(rule).get("Targets") or [])):
                if isinstance(target, dict) and function_of(resources, target.get("Arn")):
                    destination = (target.get("DeadLetterConfig") or {}).get("Arn")
                    path = ["Resources", rule_id, "Properties", "Targets", index]
                    check_queue(path, f"{rule_id}'s target {target.get('Id')}", destination)
        for mapping_id, mapping in cfn.get_resources(["AWS::Lambda::EventSourceMapping"]).items():
            props = _props(mapping)
            path = ["Resources", mapping_id]
            source = props.get("EventSourceArn")
            source_type = (resources.get(logical_id_of(source) or "") or {}).get("Type")
            if source_type == "AWS::SQS::Queue":
                check_queue(path, f"{mapping_id}'s source queue", self._redrive(resources, source))
            elif source_type == "AWS::Kinesis::Stream" or "StreamArn" in str(source):  # a table stream or Kinesis
                on_failure = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
                check_queue(path, f"stream event source {mapping_id}", on_failure)
        return matches

    @staticmethod
    def _async_invokes(resources: dict[str, Any]) -> Iterator[tuple[str, list[Any], str]]:
        """(function, where, what) for each function a service invokes asynchronously: a SAM event of such a
        source, or a permission that lets such a service invoke it."""
        seen = set()
        for logical_id, resource in resources.items():
            if not isinstance(resource, dict):
                continue
            if resource.get("Type") == SAM_FUNCTION:
                for event_id, event in (_props(resource).get("Events") or {}).items():
                    kind = event.get("Type") if isinstance(event, dict) else None
                    if kind in SAM_ASYNC_EVENTS and logical_id not in seen:
                        seen.add(logical_id)
                        yield (
                            logical_id,
                            ["Resources", logical_id],
                            f"{logical_id} (invoked by its {kind} event {event_id})",
                        )
            if resource.get("Type") == "AWS::Lambda::Permission":
                props = _props(resource)
                function_id = function_of(resources, props.get("FunctionName"))
                if props.get("Principal") in ASYNC_PRINCIPALS and function_id and function_id not in seen:
                    seen.add(function_id)
                    yield function_id, ["Resources", function_id], f"{function_id} (invoked by {props['Principal']})"

    @staticmethod
    def _redrive(resources: dict[str, Any], queue: Any) -> Any:
        """The dead-letter queue of a source queue (its RedrivePolicy), if any."""
        redrive = _props(resources.get(logical_id_of(queue) or "")).get("RedrivePolicy") or {}
        return redrive.get("deadLetterTargetArn") if isinstance(redrive, dict) else None

    @staticmethod
    def _failure_destination(resources: dict[str, Any], function_id: str) -> Any:
        props = _props(resources[function_id])
        # Lambda's own DeadLetterConfig, SAM's DeadLetterQueue, or an OnFailure destination (SAM's or Lambda's).
        for dead_letter in (props.get("DeadLetterConfig"), props.get("DeadLetterQueue")):
            if isinstance(dead_letter, dict) and dead_letter.get("TargetArn") is not None:
                return dead_letter["TargetArn"]
        sam_config = ((props.get("EventInvokeConfig") or {}).get("DestinationConfig") or {}).get("OnFailure") or {}
        if sam_config.get("Destination") is not None:
            return sam_config["Destination"]
        for resource in resources.values():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::Lambda::EventInvokeConfig":
                props = _props(resource)
                if function_of(resources, props.get("FunctionName")) == function_id:
                    on_failure = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
                    if on_failure is not None:
                        return on_failure
        return None


# ---------------------------------------------------------------- least privilege


class NoWildcardWrites(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped here
    id = "E9005"
    shortdesc = 'No Action "*" and no write action on Resource "*"'
    description = (
        'Identity policies name their actions (no "*" or "service:*") and scope every write to the resources it '
        "touches; the few write actions AWS authorizes on * only (vended log delivery) are allowed there"
    )
    source_url = SOURCE_URL
    tags = ["estore", "iam"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        matches = []
        for path, statement in self._statements(cfn):
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                continue
            actions = [a for a in _as_list(statement.get("Action") or []) if isinstance(a, str)]
            wildcards = [a for a in actions if a == "*" or a.endswith(":*")]
            if wildcards:
                matches.append(RuleMatch(path, f"allows every action ({', '.join(wildcards)}): name the actions"))
            if "*" in _as_list(statement.get("Resource") or []):
                writes = [a for a in actions if a not in STAR_ONLY_ACTIONS and not _is_read(a)]
                if writes:
                    matches.append(RuleMatch(path, f'allows {", ".join(writes)} on Resource "*": name the resources'))
        return matches

    @staticmethod
    def _statements(cfn: Any) -> Iterator[tuple[list[Any], Any]]:
        types = [
            "AWS::IAM::Role",
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            SAM_FUNCTION,
            "AWS::Serverless::StateMachine",
        ]
        for resource_id, resource in cfn.get_resources(types).items():
            props = _props(resource)
            documents: list[tuple[list[Any], Any]] = []
            if "PolicyDocument" in props:
                documents.append((["Resources", resource_id, "Properties", "PolicyDocument"], props["PolicyDocument"]))
            for index, policy in enumerate(_as_list(props.get("Policies") or [])):
                path = ["Resources", resource_id, "Properties", "Policies", index]
                if isinstance(policy, dict) and "PolicyDocument" in policy:  # an IAM role's inline policy
                    documents.append(([*path, "PolicyDocument"], policy["PolicyDocument"]))
                elif isinstance(policy, dict) and "Statement" in policy:  # a SAM inline policy document
                    documents.append((path, policy))
            for path, document in documents:
                statements = document.get("Statement") if isinstance(document, dict) else None
                for number, statement in enumerate(_as_list(statements or [])):
                    yield [*path, "Statement", number], statement


def _is_read(action: str) -> bool:
    name = action.split(":", 1)[-1]
    return name.startswith(READ_PREFIXES)
