"""template.yaml as data: functions, HTTP routes, the API's settings, read as cfn-lint reads it.

Everything the local cloud runs is read from here, so nothing is listed twice. After parsing, the template is
expanded by cfn-lint's own transforms, in the order CloudFormation applies them: `AWS::LanguageExtensions`
(`Fn::ForEach`, only when the template declares it), then SAM's Globals merged into each resource (maps merged,
lists joined, `IgnoreGlobals` honoured). Why not SAM's translator, and why our YAML loader rather than
cfn-lint's decoder: docs/decisions.md ("The local cloud reads the template").
"""

import copy
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from estore_local.emulator.cfn_yaml import load_yaml
from estore_local.emulator.intrinsics import REGION

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_TEMPLATE = ROOT / "template.yaml"
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_uri: Path
    handler: str
    timeout: int
    memory: int
    environment: dict[str, Any]
    events: dict[str, Any]
    # Directories of the function's layers (content roots, importable like /opt/python).
    layers: tuple[Path, ...] = ()


@dataclass(frozen=True)
class HttpRoute:
    method: str
    path: str
    function_id: str
    auth: str


class Template:
    """A parsed SAM template; `path` locates CodeUri and DefinitionUri."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.base_dir = path.parent
        self.data = data
        self.resources: dict[str, dict[str, Any]] = data.get("Resources") or {}
        self.outputs: dict[str, dict[str, Any]] = data.get("Outputs") or {}
        self.conditions: dict[str, Any] = data.get("Conditions") or {}

    def parameter_defaults(self) -> dict[str, Any]:
        """Parameters as the `dev` environment deploys them: the template's defaults, then the
        parameter_overrides of samconfig.toml's [dev.deploy.parameters] (the local cloud is a dev stack).
        Typed as !Ref returns them (lists for list types)."""
        values: dict[str, Any] = {}
        overrides = samconfig_overrides(self.base_dir / "samconfig.toml")
        for name, spec in (self.data.get("Parameters") or {}).items():
            default = overrides.get(name, spec.get("Default"))
            if default is None:
                continue
            if str(spec.get("Type", "")).startswith(("CommaDelimitedList", "List<")):
                default = [p.strip() for p in str(default).split(",")]
            else:
                default = str(default)
            values[name] = default
        return values

    def of_type(self, *types: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v.get("Type") in types}

    def properties(self, logical_id: str) -> dict[str, Any]:
        return dict(self.resources[logical_id].get("Properties") or {})

    def functions(self) -> dict[str, FunctionSpec]:
        """Every function, its Globals already merged (`expand`)."""
        specs: dict[str, FunctionSpec] = {}
        for logical_id, resource in self.of_type("AWS::Serverless::Function").items():
            props = resource.get("Properties") or {}
            specs[logical_id] = FunctionSpec(
                logical_id=logical_id,
                code_uri=(self.base_dir / str(props.get("CodeUri", "."))).resolve(),
                handler=str(props["Handler"]),
                timeout=int(props.get("Timeout", 3)),
                memory=int(props.get("MemorySize", 128)),
                environment=dict((props.get("Environment") or {}).get("Variables") or {}),
                events=dict(props.get("Events") or {}),
                layers=tuple(self._layer_dirs(props.get("Layers") or [])),
            )
        return specs

    def _layer_dirs(self, layers: list[Any]) -> list[Path]:
        dirs = []
        for layer in layers:
            logical_id = layer.get("Ref") if isinstance(layer, dict) else None
            resource = self.resources.get(str(logical_id), {})
            content = (resource.get("Properties") or {}).get("ContentUri")
            if isinstance(content, str):
                dirs.append((self.base_dir / content).resolve())
        return dirs

    def http_api(self) -> tuple[str, dict[str, Any]]:
        """The (single) HttpApi: logical id and properties, Globals.HttpApi merged (SAM's implicit API has
        only the Globals)."""
        apis = self.of_type("AWS::Serverless::HttpApi")
        if not apis:
            return "ServerlessHttpApi", copy.deepcopy((self.data.get("Globals") or {}).get("HttpApi") or {})
        logical_id, resource = next(iter(apis.items()))
        return logical_id, dict(resource.get("Properties") or {})

    def http_routes(self) -> list[HttpRoute]:
        _, api = self.http_api()
        default_auth = str((api.get("Auth") or {}).get("DefaultAuthorizer") or "NONE")
        routes: list[HttpRoute] = []
        for function_id, spec in self.functions().items():
            for event in spec.events.values():
                if event.get("Type") != "HttpApi":
                    continue
                props = event.get("Properties") or {}
                auth = (props.get("Auth") or {}).get("Authorizer") or default_auth
                routes.append(
                    HttpRoute(
                        method=str(props.get("Method", "ANY")).upper(),
                        path=str(props.get("Path", "$default")),
                        function_id=function_id,
                        auth=str(auth),
                    )
                )
        return routes


def expand(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The template as CloudFormation runs it: `Fn::ForEach` expanded by cfn-lint's own transform when the
    template declares AWS::LanguageExtensions, then SAM's Globals merged into every resource (SAM's rules, as
    cfn-lint applies them; tests/unit/test_load_template.py compares the two). Changes `data` in place."""
    transforms = data.get("Transform") or []
    if LANGUAGE_EXTENSIONS in (transforms if isinstance(transforms, list) else [transforms]):
        data = _language_extensions(data, path)
    globals_ = data.get("Globals") or {}
    for resource in (data.get("Resources") or {}).values():
        section = _GLOBALS_OF.get(str(resource.get("Type"))) if isinstance(resource, dict) else None
        if section is None or not isinstance(globals_.get(section), dict):
            continue
        ignored = resource.get("IgnoreGlobals") or []
        if ignored == "*":
            continue
        shared = {k: v for k, v in globals_[section].items() if k not in ignored}
        resource["Properties"] = _merged(copy.deepcopy(shared), resource.get("Properties") or {})
    return data


# Globals sections and the resource type each applies to.
_GLOBALS_OF = {
    "AWS::Serverless::Function": "Function",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::HttpApi": "HttpApi",
    "AWS::Serverless::SimpleTable": "SimpleTable",
    "AWS::Serverless::StateMachine": "StateMachine",
    "AWS::Serverless::LayerVersion": "LayerVersion",
}


def _merged(shared: Any, own: Any) -> Any:
    """SAM's rule: maps merge key by key (an intrinsic function is a value, not a map), lists join (the Globals'
    first), anything else is the resource's own."""
    if isinstance(shared, dict) and isinstance(own, dict):
        if _is_intrinsic(shared) or _is_intrinsic(own):
            return own
        return {**shared, **{k: _merged(shared[k], v) if k in shared else v for k, v in own.items()}}
    if isinstance(shared, list) and isinstance(own, list):
        return [*shared, *own]
    return own


def _is_intrinsic(value: dict[str, Any]) -> bool:
    return (len(value) == 1 and next(iter(value)) in ("Ref", "Condition")) or next(iter(value), "").startswith("Fn::")


def _language_extensions(data: dict[str, Any], path: Path) -> dict[str, Any]:
    from cfnlint.template import Template as CfnLintTemplate
    from cfnlint.template.transforms._language_extensions import language_extension

    errors, expanded = language_extension(CfnLintTemplate(str(path), data, [REGION]))
    if errors:
        raise ValueError(f"{path}: {'; '.join(error.message for error in errors)}")
    return dict(expanded)


def samconfig_overrides(path: Path, environment: str = "dev") -> dict[str, str]:
    """`parameter_overrides = "A=1 B=two"` of [<environment>.deploy.parameters], as a dict."""
    if not path.is_file():
        return {}
    config = tomllib.loads(path.read_text())
    raw = config.get(environment, {}).get("deploy", {}).get("parameters", {}).get("parameter_overrides", "")
    pairs = shlex.split(raw) if isinstance(raw, str) else [str(item) for item in raw]
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


# Parsed templates by (path, mtime, size): a process parses each template once (an integration test used to
# parse template.yaml again, ~220 ms), and an edited file is parsed again.
_PARSED: dict[tuple[Path, int, int], dict[str, Any]] = {}


def load_template(path: Path | None = None) -> Template:
    """The template at `path` (template.yaml by default), parsed once per process; each caller gets its own copy
    of the data, so one that changes it changes nobody else's."""
    path = (path or DEFAULT_TEMPLATE).resolve()
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        _PARSED[key] = expand(load_yaml(path), path)
    return Template(path, copy.deepcopy(_PARSED[key]))
