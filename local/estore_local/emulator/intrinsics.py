"""Resolve CloudFormation intrinsic functions against locally provisioned resources."""

import re
from collections.abc import Callable, Mapping
from typing import Any

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
PSEUDO_PARAMETERS = {
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT_ID,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "estore-local",
    "AWS::StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/estore-local/local",
    "AWS::NotificationARNs": [],
}
_NO_VALUE = object()  # AWS::NoValue: the property disappears
_SUB_VAR = re.compile(r"\$\{([^}]+)\}")


class UnresolvedError(KeyError):
    """An intrinsic names something the local cloud does not know (yet)."""


class Resolver:
    """Evaluates !Ref/!GetAtt/!Sub/!Join/!If/... with the values the local stack produced.

    `refs` maps logical ids and parameter names to what !Ref gives; `attr` answers !GetAtt.
    """

    def __init__(
        self,
        refs: Mapping[str, Any],
        attr: Callable[[str, str], Any],
        conditions: Mapping[str, Any] | None = None,
    ) -> None:
        self._refs = {**PSEUDO_PARAMETERS, **refs}
        self._attr = attr
        self._raw_conditions = dict(conditions or {})
        self._conditions: dict[str, bool] = {}

    def resolve(self, value: Any) -> Any:
        result = self._resolve(value)
        return None if result is _NO_VALUE else result

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            self._conditions[name] = bool(self._resolve(self._raw_conditions[name]))
        return self._conditions[name]

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            items = [self._resolve(v) for v in value]
            return [v for v in items if v is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Condition" and isinstance(arg, str):
                return self.condition(arg)
            if key.startswith("Fn::"):
                return self._function(key[4:], arg)
        resolved = {k: self._resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not _NO_VALUE}

    def ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name not in self._refs:
            raise UnresolvedError(f"!Ref {name}: not provisioned locally")
        return self._refs[name]

    def _function(self, name: str, arg: Any) -> Any:
        if name == "GetAtt":
            logical_id, attribute = arg if isinstance(arg, list) else str(arg).split(".", 1)
            return self._attr(logical_id, self._resolve(attribute))
        if name == "Sub":
            return self._sub(arg)
        if name == "Join":
            sep, items = arg
            return str(sep).join(str(i) for i in self._resolve(items))
        if name == "Select":
            index, items = self._resolve(arg)
            return items[int(index)]
        if name == "Split":
            sep, text = self._resolve(arg)
            return str(text).split(sep)
        if name == "If":
            cond, when_true, when_false = arg
            return self._resolve(when_true if self.condition(cond) else when_false)
        if name == "Equals":
            left, right = self._resolve(arg)
            return str(left) == str(right)
        if name == "Not":
            return not self._resolve(arg)[0]
        if name == "And":
            return all(self._resolve(arg))
        if name == "Or":
            return any(self._resolve(arg))
        if name == "GetAZs":
            return [f"{REGION}a", f"{REGION}b", f"{REGION}c"]
        if name == "Base64":
            import base64

            return base64.b64encode(str(self._resolve(arg)).encode()).decode()
        if name == "ToJsonString":
            import json

            return json.dumps(self._resolve(arg), separators=(",", ":"))
        if name == "Length":
            return len(self._resolve(arg))
        raise UnresolvedError(f"Fn::{name} is not supported by the local cloud")

    def _sub(self, arg: Any) -> str:
        template, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
        values = {k: self._resolve(v) for k, v in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} renders as ${Literal}
                return "${" + name[1:] + "}"
            if name in values:
                return str(values[name])
            if "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                return str(self._attr(logical_id, attribute))
            return str(self.ref(name))

        return _SUB_VAR.sub(replace, template)
