"""A YAML loader that understands CloudFormation's short-form intrinsic tags (!Ref, !Sub, ...)."""

from pathlib import Path
from typing import Any

import yaml

# Short-form tags map to their long-form keys; !Ref and !Condition keep their own names.
_FN_TAGS = (
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "And",
    "Equals",
    "If",
    "Not",
    "Or",
    "ToJsonString",
    "Length",
    "Contains",  # a Rules assertion function
)


# libyaml's parser when PyYAML was built with it (about ten times faster on template.yaml); same results.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CfnLoader(_SafeLoader):  # type: ignore[misc,valid-type]  # PyYAML has no stubs; the base is chosen at import
    """SafeLoader plus CloudFormation tags, so templates parse without executing anything."""


def _construct(key: str) -> Any:
    def construct(loader: Any, node: yaml.Node) -> dict[str, Any]:
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            # !GetAtt A.B is shorthand for the list form.
            if key == "Fn::GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {key: value}

    return construct


CfnLoader.add_constructor("!Ref", _construct("Ref"))
CfnLoader.add_constructor("!Condition", _construct("Condition"))
for _tag in _FN_TAGS:
    CfnLoader.add_constructor(f"!{_tag}", _construct(f"Fn::{_tag}"))


def load_yaml(path: Path) -> dict[str, Any]:
    """Parse a CloudFormation/SAM template into plain dicts with long-form intrinsics."""
    return parse_yaml(path.read_text(encoding="utf-8"), str(path))


def parse_yaml(text: str, name: str = "<template>") -> dict[str, Any]:
    """`load_yaml` for a template already read."""
    data = yaml.load(text, Loader=CfnLoader)  # noqa: S506 - CfnLoader derives from SafeLoader
    if not isinstance(data, dict):
        raise ValueError(f"{name} is not a template")
    return data
