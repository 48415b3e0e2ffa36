"""python -m estore_local.devtools.openapi --write|--check: openapi.json from every HttpApi function's resolver.

Each function declares its own routes and models (Powertools with validation); the template says
which routes are public. The merge is deterministic so `--check` can guard the committed file.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from estore_local.devtools.apps import load_resolver
from estore_local.emulator.template import Template, load_template

SECURITY_SCHEME = "cognito"
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def build_spec(template: Template) -> dict[str, Any]:
    version = str(template.parameter_defaults().get("AppVersion", "0.0.0"))
    routes = template.http_routes()
    auth_by_route = {(r.method.lower(), r.path): r.auth for r in routes}
    functions = template.functions()
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    for function_id in sorted({r.function_id for r in routes}):
        resolver = load_resolver(functions[function_id])
        partial = json.loads(resolver.get_openapi_json_schema(title="Estore API", version=version))
        for path, operations in partial.get("paths", {}).items():
            paths.setdefault(path, {}).update(operations)
        schemas.update(partial.get("components", {}).get("schemas", {}))
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method not in _HTTP_METHODS:
                continue
            # Public routes opt out of the API-wide bearer requirement, as the template's Auth says.
            public = auth_by_route.get((method, path), "NONE") == "NONE"
            operation["security"] = [] if public else [{SECURITY_SCHEME: []}]
            _document_errors(operation["responses"], public)
    for name in _POWERTOOLS_ERROR_SCHEMAS:
        schemas.pop(name, None)
    schemas.update(_error_schemas())
    _document_limits(paths, schemas, template.parameter_defaults())
    description = (template.data.get("Description") or "").strip()
    return {
        "openapi": "3.1.0",
        "info": {"title": "Estore API", "version": version, "description": " ".join(description.split())},
        "paths": {path: paths[path] for path in sorted(paths)},
        "components": {
            "schemas": {name: schemas[name] for name in sorted(schemas)},
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "A Cognito access or ID token: Authorization: Bearer <token>",
                }
            },
        },
        "security": [{SECURITY_SCHEME: []}],
    }


# Powertools documents its own 422 body; every Estore error has the one shape of estore.http.ErrorResponse.
_POWERTOOLS_ERROR_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")
_ERROR_REF = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}


def _error_schemas() -> dict[str, Any]:
    from estore.http import ErrorResponse

    schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = schema.pop("$defs", {})
    return {"ErrorResponse": schema, **definitions}


def _document_errors(responses: dict[str, Any], public: bool) -> None:
    for status, declared in responses.items():  # errors a route declares itself (409 BUSY...)
        if status[:1] in {"4", "5"}:
            declared.update(_ERROR_REF)  # Powertools would give them the success body's schema
    responses["422"] = {"description": "Invalid request: one detail per field", **_ERROR_REF}
    if not public:
        responses["401"] = {"description": "Missing, expired or invalid token", **_ERROR_REF}
        responses["403"] = {"description": "The token's roles do not allow this", **_ERROR_REF}
    responses["default"] = {"description": "Any other error, in the one error shape", **_ERROR_REF}


def _document_limits(paths: dict[str, Any], schemas: dict[str, Any], defaults: dict[str, Any]) -> None:
    """What the functions enforce outside their models, said where a client reads it: the shape of ids
    and of the Idempotency-Key, the store's currency, the per-movement maximum; and 204s carry no body."""
    from estore.domain.idempotency import KEY_MAX_LENGTH, KEY_MIN_LENGTH, KEY_PATTERN
    from estore.domain.ids import ID_MAX_LENGTH, ID_PATTERN

    currency, maximum = str(defaults.get("Currency", "USD")), int(defaults.get("MaxTransactionAmount", 0))
    for operations in paths.values():
        for method, operation in operations.items():
            if method not in _HTTP_METHODS:
                continue
            if "204" in operation["responses"]:
                operation["responses"]["204"].pop("content", None)  # the server sends no body at all
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["schema"].update(type="string", minLength=1, maxLength=ID_MAX_LENGTH)
                    parameter["schema"]["pattern"] = ID_PATTERN
                elif parameter["in"] == "header" and parameter["name"] == "idempotency-key":
                    described = "a client UUID (8-100 letters, digits, - _ : .); a retry with it is answered once"
                    key = {"type": "string", "minLength": KEY_MIN_LENGTH, "maxLength": KEY_MAX_LENGTH}
                    parameter["schema"] = {**key, "pattern": KEY_PATTERN, "title": "Idempotency-Key"}
                    parameter["description"] = described
    for name in ("Money", "MoneyAmount", "SignedMoney"):
        currency_field = schemas[name]["properties"]["currency"]
        currency_field["enum"] = [currency]
        currency_field["description"] = f"the store's one currency ({currency} here; template parameter Currency)"
    amount = schemas["MoneyAmount"]["properties"]["amount"]
    amount["maximum"] = maximum
    amount["description"] = (
        f"minor units, more than zero; at most {maximum} in one movement (template parameter MaxTransactionAmount)"
    )


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m estore_local.devtools.openapi", description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate openapi.json")
    mode.add_argument("--check", action="store_true", help="fail if openapi.json is stale")
    parser.add_argument("--template", type=Path, default=None)
    args = parser.parse_args(argv)
    template = load_template(args.template)
    target = template.base_dir / "openapi.json"
    text = render(build_spec(template))
    if args.write:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
        return 0
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if current != text:
        print(f"{target} is stale: run `make openapi` and commit it", file=sys.stderr)
        return 1
    print(f"{target} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
