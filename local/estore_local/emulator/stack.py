"""What the local stack produced: the values !Ref and !GetAtt give, resolved outputs and env vars."""

import json
import re
from pathlib import Path
from typing import Any

from estore_local.emulator.intrinsics import ACCOUNT_ID, REGION, Resolver
from estore_local.emulator.template import Template

STACK_NAME = "estore-local"
_SECRET_REFERENCE = re.compile(
    r"\{\{resolve:secretsmanager:(arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:[^:}]+|[^:}]+)"
    r":SecretString(?::[^}]*)?\}\}"
)


def physical_name(logical_id: str, *, lower: bool = False) -> str:
    """A stable generated name, as CloudFormation would give a resource without an explicit one."""
    name = f"{STACK_NAME}-{logical_id}"
    return name.lower() if lower else name


def arn(service: str, resource: str, *, region: str = REGION, account: str = ACCOUNT_ID) -> str:
    return f"arn:aws:{service}:{region}:{account}:{resource}"


def _as_env_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


class Stack:
    """Resolved stack state. `refs`/`attrs` hold what !Ref/!GetAtt answer, per logical id."""

    def __init__(
        self,
        template: Template,
        refs: dict[str, Any] | None = None,
        attrs: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.template = template
        self.refs: dict[str, Any] = {**template.parameter_defaults(), **(refs or {})}
        self.attrs: dict[str, dict[str, Any]] = attrs or {}
        self.outputs: dict[str, str] = {}

    @property
    def resolver(self) -> Resolver:
        return Resolver(self.refs, self.attr, self.template.conditions)

    def ref(self, logical_id: str) -> str:
        return str(self.resolver.ref(logical_id))

    def attr(self, logical_id: str, attribute: str) -> Any:
        values = self.attrs.get(logical_id, {})
        if attribute in values:
            return values[attribute]
        if attribute in ("Arn", "Name") or logical_id not in self.template.resources:
            # Resources the local cloud does not create still get a plausible value,
            # so that alarms, policies and outputs resolve without warnings.
            kind = str(self.template.resources.get(logical_id, {}).get("Type", "x::y::z"))
            service = kind.split("::")[1].lower()
            return arn(service, f"{logical_id}/{physical_name(logical_id)}")
        if attribute in ("DomainName", "Id") and logical_id in self.template.resources:
            # CloudFront (the web app's distribution) is not emulated: `make dev` serves web/dist itself.
            name = physical_name(logical_id, lower=True)
            return f"{name}.cloudfront.local" if attribute == "DomainName" else name
        raise KeyError(f"!GetAtt {logical_id}.{attribute}: not provisioned locally")

    def resolve(self, value: Any) -> Any:
        return self.resolver.resolve(value)

    def environment_for(self, function_id: str) -> dict[str, str]:
        spec = self.template.functions()[function_id]
        resolved = self.resolve(spec.environment)
        return {k: self.dynamic_references(_as_env_value(v)) for k, v in resolved.items() if v is not None}

    def dynamic_references(self, text: str) -> str:
        """CloudFormation's {{resolve:secretsmanager:<arn or name>:SecretString}}, from the local secrets."""

        def secret_value(match: re.Match[str]) -> str:
            wanted = match.group(1)
            for logical_id, attributes in self.attrs.items():
                if "SecretString" in attributes and wanted in (self.refs.get(logical_id), logical_id):
                    return str(attributes["SecretString"])
            raise KeyError(f"{{{{resolve:secretsmanager:{wanted}}}}}: no such secret in the local stack")

        return _SECRET_REFERENCE.sub(secret_value, text)

    def function_name(self, function_id: str) -> str:
        return self.ref(function_id)

    def function_id_for(self, name_or_arn: str) -> str | None:
        """The logical id of a function given its name, ARN (or a qualified ARN), as Lambda accepts."""
        name = name_or_arn.split(":function:", 1)[-1].split(":", 1)[0]
        for function_id in self.template.functions():
            if name in (function_id, self.ref(function_id)):
                return function_id
        return None

    def resolve_outputs(self) -> dict[str, str]:
        resolver = self.resolver
        self.outputs = {
            name: _as_env_value(resolver.resolve(spec.get("Value"))) for name, spec in self.template.outputs.items()
        }
        return self.outputs

    def to_json(self) -> dict[str, Any]:
        return {"template": str(self.template.path), "refs": self.refs, "attrs": self.attrs}

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "outputs.json").write_text(json.dumps(self.outputs, indent=2, sort_keys=True) + "\n")
        (directory / "stack.json").write_text(json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, directory: Path) -> "Stack":
        from estore_local.emulator.template import load_template

        data = json.loads((directory / "stack.json").read_text())
        stack = cls(load_template(Path(data["template"])), data["refs"], data["attrs"])
        stack.outputs = json.loads((directory / "outputs.json").read_text())
        return stack
