"""S3's CORS as S3 applies it, in front of moto: the bucket's rules decide, and nothing more is allowed.

moto answers a bucket's preflight from its rules but checks only the origin (not the method nor the
requested headers), and the Flask app around every moto service adds `Access-Control-Allow-Origin` to
any answer. A browser would then be allowed more locally than on AWS. Here, for requests to a bucket:
a preflight is answered from the first rule matching origin, method and headers (403 otherwise), and an
actual request carries the CORS headers of the first rule matching its origin and method, or none.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from estore_local.emulator.moto_server import StartResponse, WsgiApp

FORBIDDEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessForbidden</Code>'
    b"<Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of "
    b"Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not "
    b"whitelisted by the resource's CORS spec.</Message></Error>"
)


@dataclass(frozen=True)
class CorsRule:
    allowed_origins: tuple[str, ...]
    allowed_methods: tuple[str, ...]
    allowed_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age: int | None = None

    def matches(self, origin: str, method: str, headers: Iterable[str] = ()) -> bool:
        if not any(fnmatch.fnmatchcase(origin, allowed) for allowed in self.allowed_origins):
            return False
        if method.upper() not in self.allowed_methods:
            return False
        allowed = [h.lower() for h in self.allowed_headers]
        return all(any(fnmatch.fnmatchcase(h.lower(), a) for a in allowed) for h in headers)


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def preflight(rules: list[CorsRule], origin: str, method: str, requested: str) -> list[tuple[str, str]] | None:
    """The preflight answer's headers, or None when no rule allows it (S3 answers 403)."""
    headers = _listed(requested)
    for rule in rules:
        if rule.matches(origin, method, headers):
            answer = [
                ("Access-Control-Allow-Origin", "*" if rule.allowed_origins == ("*",) else origin),
                ("Access-Control-Allow-Methods", ", ".join(rule.allowed_methods)),
                ("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"),
            ]
            if headers:
                answer.append(("Access-Control-Allow-Headers", ", ".join(h.lower() for h in headers)))
            if rule.expose_headers:
                answer.append(("Access-Control-Expose-Headers", ", ".join(rule.expose_headers)))
            if rule.max_age is not None:
                answer.append(("Access-Control-Max-Age", str(rule.max_age)))
            return answer
    return None


def actual(rules: list[CorsRule], origin: str, method: str) -> list[tuple[str, str]]:
    """The CORS headers of an actual request's answer: those of the first rule that allows it, else none."""
    for rule in rules:
        if rule.matches(origin, method):
            answer = [
                ("Access-Control-Allow-Origin", "*" if rule.allowed_origins == ("*",) else origin),
                ("Access-Control-Allow-Methods", ", ".join(rule.allowed_methods)),
                ("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"),
            ]
            if rule.expose_headers:
                answer.append(("Access-Control-Expose-Headers", ", ".join(rule.expose_headers)))
            return answer
    return []


def moto_bucket_rules(lock: Any) -> Callable[[str], list[CorsRule] | None]:
    """Reads a bucket's CORS rules from moto's backend (None when there is no such bucket)."""

    def rules_of(bucket: str) -> list[CorsRule] | None:
        from moto.s3.models import s3_backends

        from estore_local.emulator.intrinsics import ACCOUNT_ID

        with lock:
            found = s3_backends[ACCOUNT_ID]["aws"].buckets.get(bucket)
            if found is None:
                return None
            return [
                CorsRule(
                    tuple(rule.allowed_origins or ()),
                    tuple(m.upper() for m in rule.allowed_methods or ()),
                    tuple(rule.allowed_headers or ()),
                    tuple(rule.exposed_headers or ()),
                    int(rule.max_age_seconds) if rule.max_age_seconds is not None else None,
                )
                for rule in found.cors
            ]

    return rules_of


class S3Cors:
    """WSGI middleware on the AWS port: bucket requests from a browser get S3's CORS, others pass."""

    def __init__(self, app: WsgiApp, rules_of: Callable[[str], list[CorsRule] | None]) -> None:
        self.app, self.rules_of = app, rules_of

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN")
        bucket = self._bucket(environ) if origin else None
        rules = self.rules_of(bucket) if bucket else None
        if origin is None or rules is None:
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        requested_method = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        if method == "OPTIONS" and requested_method:
            headers = preflight(rules, origin, requested_method, environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", ""))
            if headers is None:
                length = ("Content-Length", str(len(FORBIDDEN)))
                start_response("403 Forbidden", [("Content-Type", "application/xml"), length])
                return [FORBIDDEN]
            start_response("200 OK", [*headers, ("Content-Length", "0")])
            return [b""]
        cors = actual(rules, origin, method)

        def with_bucket_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-") and k.lower() != "vary"]
            return start_response(status, [*kept, *cors], exc_info)

        return self.app(environ, with_bucket_cors)

    @staticmethod
    def _bucket(environ: dict[str, Any]) -> str | None:
        """The bucket of a path-style S3 request (the local endpoint's style); None for other services."""
        if environ.get("HTTP_X_AMZ_TARGET"):
            return None
        path = str(environ.get("PATH_INFO", "/")).lstrip("/")
        name: str = path.split("/", 1)[0]
        if not name or name.startswith("2015-03-31"):
            return None
        return name
