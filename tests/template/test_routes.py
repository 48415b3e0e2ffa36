"""The template's route table and the handlers' resolvers describe the same API, both ways."""

import re
from typing import Any

import pytest

from estore_local.devtools.apps import declared_routes, load_resolver
from estore_local.emulator.template import load_template

pytestmark = pytest.mark.template

TEMPLATE = load_template()
_PARAM = re.compile(r"\{[^}]+\}")


def _shape(path: str) -> str:
    return _PARAM.sub("{}", path)


def _handler_routes() -> dict[str, set[tuple[str, str]]]:
    functions = TEMPLATE.functions()
    served = {route.function_id for route in TEMPLATE.http_routes()}
    return {function_id: declared_routes(load_resolver(functions[function_id])) for function_id in served}


@pytest.fixture(scope="module")
def handler_routes() -> dict[str, set[tuple[str, str]]]:
    return _handler_routes()


def test_every_template_route_is_declared_by_its_handler(handler_routes: dict[str, Any]) -> None:
    missing = [
        f"{route.method} {route.path} -> {route.function_id}"
        for route in TEMPLATE.http_routes()
        if (route.method, _shape(route.path)) not in {(m, _shape(p)) for m, p in handler_routes[route.function_id]}
    ]
    assert not missing, f"template routes no handler declares: {missing}"


def test_every_handler_route_is_in_the_template(handler_routes: dict[str, Any]) -> None:
    in_template = {(r.function_id, r.method, _shape(r.path)) for r in TEMPLATE.http_routes()}
    extra = [
        f"{method} {path} in {function_id}"
        for function_id, routes in handler_routes.items()
        for method, path in routes
        if (function_id, method, _shape(path)) not in in_template
    ]
    assert not extra, f"handler routes the template does not route to them: {extra}"


def test_path_parameters_have_the_same_names_in_template_and_handler(handler_routes: dict[str, Any]) -> None:
    # API Gateway fills pathParameters with the template's names; the handler and openapi.json use its own.
    mismatched = []
    for route in TEMPLATE.http_routes():
        for method, path in handler_routes[route.function_id]:
            if method == route.method and _shape(path) == _shape(route.path) and path != route.path:
                mismatched.append(f"template {route.path} vs handler {path} ({route.function_id})")
    assert not mismatched, mismatched


def test_prod_cannot_be_deployed_with_any_origin():
    """Finding 9: the rule refuses AllowedOrigins containing "*" when Stage is prod (dev keeps "*")."""
    rule = TEMPLATE.data["Rules"]["ProdNamesItsOrigins"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Contains": [{"Ref": "AllowedOrigins"}, "*"]}]}
    assert TEMPLATE.data["Parameters"]["AllowedOrigins"]["Default"] == "*"
