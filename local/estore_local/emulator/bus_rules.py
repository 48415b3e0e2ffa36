"""EventBridge rules with Lambda targets, from the template (SAM `EventBridgeRule` events).

moto accepts PutEvents and delivers to SQS or log targets of rules created through its API, but it
never calls a Lambda function (and SAM's rules are not created there: they are the template's). So
after moto accepted a PutEvents call, each accepted entry is matched against every `EventBridgeRule`
of the template (same bus, the rule's pattern in moto's own EventBridge matcher), and each matching
function is invoked asynchronously, as EventBridge does, with Lambda's async retries.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from estore_local.emulator.intrinsics import ACCOUNT_ID, REGION
from estore_local.emulator.stack import Stack

DEFAULT_BUS = "default"


@dataclass(frozen=True)
class BusRule:
    function_id: str
    rule_name: str
    bus_name: str
    pattern: Any  # moto.events.models.EventPattern
    retries: int

    def wants(self, bus_name: str, event: dict[str, Any]) -> bool:
        return bus_name == self.bus_name and bool(self.pattern.matches_event(event))


def bus_rules(stack: Stack) -> list[BusRule]:
    """Every EventBridgeRule event source of the template's functions."""
    from moto.events.models import EventPattern

    rules = []
    for function_id, spec in stack.template.functions().items():
        invoke_config = stack.template.properties(function_id).get("EventInvokeConfig") or {}
        retries = int(invoke_config.get("MaximumRetryAttempts", 2))
        for name, event in spec.events.items():
            if event.get("Type") != "EventBridgeRule":
                continue
            props = stack.resolve(event.get("Properties") or {})
            pattern = props.get("Pattern") or {}
            rules.append(
                BusRule(
                    function_id=function_id,
                    rule_name=f"{function_id}{name}",
                    bus_name=_bus_name(props.get("EventBusName")),
                    pattern=EventPattern.load(json.dumps(pattern)),
                    retries=retries,
                )
            )
    return rules


def accepted_events(request: dict[str, Any], answer: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(bus name, event as a rule target receives it) for each entry PutEvents accepted."""
    found = []
    for entry, result in zip(request.get("Entries") or [], answer.get("Entries") or [], strict=False):
        if result.get("ErrorCode") or not result.get("EventId"):
            continue
        try:
            found.append(delivered_event(entry, result["EventId"]))
        except ValueError:
            continue  # EventBridge refuses such entries; moto may not
    return found


def delivered_event(entry: dict[str, Any], event_id: str) -> tuple[str, dict[str, Any]]:
    """(bus name, the event a rule target receives) for one PutEvents entry; ValueError if its Detail is no JSON."""
    event = {
        "version": "0",
        "id": event_id,
        "detail-type": entry.get("DetailType"),
        "source": entry.get("Source"),
        "account": ACCOUNT_ID,
        "time": _time(entry.get("Time")),
        "region": REGION,
        "resources": list(entry.get("Resources") or []),
        "detail": json.loads(entry.get("Detail") or "{}"),
    }
    return _bus_name(entry.get("EventBusName")), event


def matching(rules: list[BusRule], bus_name: str, event: dict[str, Any]) -> list[BusRule]:
    """The rules whose targets receive this event on this bus, as EventBridge would deliver it."""
    return [rule for rule in rules if rule.wants(bus_name, event)]


def _bus_name(name_or_arn: Any) -> str:
    if not name_or_arn:
        return DEFAULT_BUS
    return str(name_or_arn).rsplit("/", 1)[-1]


def _time(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    elif isinstance(value, int | float):
        moment = datetime.datetime.fromtimestamp(value, datetime.UTC)
    elif isinstance(value, str) and value:
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = datetime.datetime.now(datetime.UTC)
    else:
        moment = datetime.datetime.now(datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
