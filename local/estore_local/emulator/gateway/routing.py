"""HTTP API route selection: the most specific route wins, as in API Gateway."""

import re
from dataclasses import dataclass

from estore_local.emulator.template import HttpRoute

_PARAM = re.compile(r"\{([^}+]+)(\+?)\}")


@dataclass(frozen=True)
class _Compiled:
    route: HttpRoute
    pattern: re.Pattern[str]
    # Sort key: exact paths first, then more literal segments, greedy last, ANY after a method.
    rank: tuple[int, int, int, int]


def _compile(route: HttpRoute) -> _Compiled:
    if route.path == "$default":
        return _Compiled(route, re.compile(r"^.*$"), (3, 0, 0, 1))
    pattern, last = "", 0
    for match in _PARAM.finditer(route.path):
        pattern += re.escape(route.path[last : match.start()])
        name, greedy = match.group(1), match.group(2)
        pattern += f"(?P<{name}>.+)" if greedy else f"(?P<{name}>[^/]+)"
        last = match.end()
    pattern += re.escape(route.path[last:])
    segments = route.path.strip("/").split("/")
    literal = sum(1 for s in segments if not s.startswith("{"))
    greedy = 1 if "+}" in route.path else 0
    has_params = 1 if "{" in route.path else 0
    rank = (greedy, has_params, -literal, 1 if route.method == "ANY" else 0)
    # \Z, not $: "$" would also match before a trailing newline ("/health%0A").
    return _Compiled(route, re.compile(f"^{pattern}/?\\Z" if route.path != "/" else "^/\\Z"), rank)


class RouteTable:
    def __init__(self, routes: list[HttpRoute]) -> None:
        self._routes = sorted((_compile(r) for r in routes), key=lambda c: c.rank)

    def match(self, method: str, path: str) -> tuple[HttpRoute, dict[str, str]] | None:
        for compiled in self._routes:
            if compiled.route.method not in (method.upper(), "ANY"):
                continue
            found = compiled.pattern.match(path)
            if found:
                return compiled.route, dict(found.groupdict())
        return None
