"""CORS as the HTTP API applies it from CorsConfiguration (the gateway's headers win over the function's)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cors:
    allow_origins: tuple[str, ...] = ()
    allow_methods: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age: int | None = None
    allow_credentials: bool = False
    enabled: bool = field(default=False)

    @classmethod
    def from_config(cls, config: dict[str, Any] | bool | None) -> "Cors":
        if not config:
            return cls()
        if config is True:
            return cls(("*",), ("*",), ("*",), enabled=True)
        assert isinstance(config, dict)

        def items(key: str) -> tuple[str, ...]:
            value = config.get(key) or []
            return tuple(str(v) for v in (value if isinstance(value, list) else [value]))

        max_age = config.get("MaxAge")
        return cls(
            allow_origins=items("AllowOrigins"),
            allow_methods=tuple(m.upper() for m in items("AllowMethods")),
            allow_headers=tuple(h.lower() for h in items("AllowHeaders")),
            expose_headers=items("ExposeHeaders"),
            max_age=int(max_age) if max_age is not None else None,
            allow_credentials=bool(config.get("AllowCredentials", False)),
            enabled=True,
        )

    def _origin(self, origin: str | None) -> str | None:
        if not self.enabled or not origin:
            return None
        if "*" in self.allow_origins:
            return origin if self.allow_credentials else "*"
        return origin if origin in self.allow_origins else None

    def is_preflight(self, method: str, headers: dict[str, str]) -> bool:
        return (
            self.enabled and method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers
        )

    def preflight_headers(self, headers: dict[str, str]) -> dict[str, str]:
        origin = self._origin(headers.get("origin"))
        method = headers.get("access-control-request-method", "").upper()
        if origin is None or not (method in self.allow_methods or "*" in self.allow_methods):
            return {}
        requested = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")]
        requested = [h for h in requested if h]
        if "*" not in self.allow_headers and any(h not in self.allow_headers for h in requested):
            return {}
        answer = {
            "access-control-allow-origin": origin,
            "access-control-allow-methods": ",".join(self.allow_methods),
            "access-control-allow-headers": ",".join(self.allow_headers),
        }
        if self.max_age is not None:
            answer["access-control-max-age"] = str(self.max_age)
        if self.allow_credentials:
            answer["access-control-allow-credentials"] = "true"
        return answer

    def response_headers(self, headers: dict[str, str]) -> dict[str, str]:
        origin = self._origin(headers.get("origin"))
        if origin is None:
            return {}
        answer = {"access-control-allow-origin": origin}
        if self.expose_headers:
            answer["access-control-expose-headers"] = ",".join(self.expose_headers)
        if self.allow_credentials:
            answer["access-control-allow-credentials"] = "true"
        return answer
