"""Load a function's Powertools resolver (`app` in its handler module) to read its routes and schema."""

import importlib.util
import re
import sys
from typing import Any

from estore_local.emulator.template import FunctionSpec

_POWERTOOLS_PARAM = re.compile(r"<(\w+)>")


def load_resolver(spec: FunctionSpec) -> Any:
    """The `app` resolver of the function's handler module, imported under a name of its own."""
    module_file = spec.code_uri / (spec.handler.rsplit(".", 1)[0].replace(".", "/") + ".py")
    name = f"_estore_fn_{spec.logical_id}"
    if name in sys.modules:
        return sys.modules[name].app
    paths = [str(spec.code_uri), *(str(p) for p in spec.layers)]
    sys.path[0:0] = paths
    try:
        module_spec = importlib.util.spec_from_file_location(name, module_file)
        assert module_spec is not None
        assert module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
    finally:
        for path in paths:
            sys.path.remove(path)
    return module.app


def declared_routes(resolver: Any) -> set[tuple[str, str]]:
    """(METHOD, /path/{param}) for every route the resolver declares, in the template's notation."""
    routes = list(getattr(resolver, "_static_routes", [])) + list(getattr(resolver, "_dynamic_routes", []))
    return {(route.method.upper(), _POWERTOOLS_PARAM.sub(r"{\1}", route.path)) for route in routes}
