"""Lambda event filtering (an event source's FilterCriteria), as Lambda applies it before invoking.

Patterns use EventBridge's syntax. Supported here: exact values, nested objects, arrays in the event
(any element matches), and the operators prefix, suffix, exists, anything-but, equals-ignore-case and
numeric. An operator outside that list fails loudly when the local cloud starts, never silently.
"""

import json
from collections.abc import Callable
from typing import Any

Pattern = dict[str, Any]
_MISSING = object()
_OPERATORS = {"prefix", "suffix", "exists", "anything-but", "equals-ignore-case", "numeric"}
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def patterns_of(props: dict[str, Any]) -> list[Pattern]:
    """The parsed patterns of an event source's `FilterCriteria` (an empty list lets everything through)."""
    filters = (props.get("FilterCriteria") or {}).get("Filters") or []
    patterns = []
    for entry in filters:
        raw = entry.get("Pattern")
        pattern = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(pattern, dict):
            raise ValueError(f"FilterCriteria pattern must be a JSON object: {raw!r}")
        _check(pattern)
        patterns.append(pattern)
    return patterns


def wanted(patterns: list[Pattern], record: dict[str, Any]) -> bool:
    """Lambda invokes a function with a record when any one of its filters matches (or it has none)."""
    return not patterns or any(matches(pattern, record) for pattern in patterns)


def matches(pattern: Pattern, event: Any) -> bool:
    if not isinstance(event, dict):
        return False
    for key, expected in pattern.items():
        value = event.get(key, _MISSING)
        if isinstance(expected, dict):
            if value is _MISSING or not matches(expected, value):
                return False
        elif not _field_matches(expected, value):
            return False
    return True


def _field_matches(rules: list[Any], value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    for rule in rules:
        if isinstance(rule, dict):
            if _operator_matches(rule, value, values):
                return True
        elif any(v is not _MISSING and v == rule for v in values):
            return True
    return False


def _operator_matches(rule: dict[str, Any], value: Any, values: list[Any]) -> bool:
    [(name, argument)] = rule.items()
    present = [v for v in values if v is not _MISSING]
    if name == "exists":
        return bool(present) == bool(argument)
    if name == "prefix":
        return any(isinstance(v, str) and v.startswith(argument) for v in present)
    if name == "suffix":
        return any(isinstance(v, str) and v.endswith(argument) for v in present)
    if name == "equals-ignore-case":
        return any(isinstance(v, str) and v.lower() == str(argument).lower() for v in present)
    if name == "anything-but":
        excluded = argument if isinstance(argument, list) else [argument]
        return bool(present) and all(v not in excluded for v in present)
    if name == "numeric":
        pairs = list(zip(argument[::2], argument[1::2], strict=True))
        return any(
            isinstance(v, int | float) and all(_COMPARE[op](float(v), float(bound)) for op, bound in pairs)
            for v in present
        )
    raise ValueError(f"unsupported filter operator {name!r}")


def _check(pattern: Pattern) -> None:
    for expected in pattern.values():
        if isinstance(expected, dict):
            _check(expected)
        elif not isinstance(expected, list):
            raise ValueError(f"filter values must be arrays: {expected!r}")
        else:
            for rule in expected:
                if isinstance(rule, dict) and (len(rule) != 1 or next(iter(rule)) not in _OPERATORS):
                    raise ValueError(f"filter operator not supported by the local cloud: {rule!r}")
