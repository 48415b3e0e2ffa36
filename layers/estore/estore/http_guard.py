"""The one guarded path every request takes before a route sees it: body size, media type, UTF-8,
JSON nesting depth, and the shape of every path id. Each refusal is a 4xx in the API's error shape;
nothing a client sends can make the parser or a DynamoDB key blow up into a 5xx."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from estore.domain.ids import ID_MAX_LENGTH, ID_PATTERN
from estore.errors import DomainError, ValidationFailed

MAX_BODY_BYTES = 6 * 1024 * 1024  # Lambda's synchronous payload limit; the local gateway enforces it too
MAX_JSON_DEPTH = 32  # the deepest real body (a batch of products with offers and prices) nests 5 levels

_ID = re.compile(ID_PATTERN.strip("^$"))  # fullmatch: "$" would let a trailing newline through
# A JSON string token: what the scanner skips over when it counts brackets.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]", re.IGNORECASE)


class PayloadTooLarge(DomainError):
    status, code = 413, "PAYLOAD_TOO_LARGE"


class UnsupportedMediaType(DomainError):
    status, code = 415, "UNSUPPORTED_MEDIA_TYPE"


class MalformedBody(DomainError):
    status, code = 400, "MALFORMED_BODY"


def is_json_media_type(content_type: str) -> bool:
    """application/json and any application/<x>+json (RFC 6839), compared case-insensitively."""
    media_type = content_type.split(";")[0].strip().lower()
    kind, _, subtype = media_type.partition("/")
    return kind == "application" and (subtype == "json" or (subtype.endswith("+json") and len(subtype) > 5))


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def json_depth(text: str) -> int:
    """How deep arrays and objects nest, counted without parsing (so without recursion)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str) -> Any:
    """Strict JSON: depth-limited, no NaN/Infinity, no lone surrogate escapes; 400/422 otherwise."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise MalformedBody(f"The body nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise ValidationFailed(
            "Invalid request: body.", details=[{"field": "body", "message": "is not valid JSON"}]
        ) from error
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            raise MalformedBody("The body holds a lone UTF-16 surrogate escape (\\ud800-\\udfff).") from error
    return value


def _header(headers: dict[str, Any], name: str) -> str:
    return next((str(value) for key, value in headers.items() if key.lower() == name), "")


def guard_body(event: dict[str, Any]) -> None:
    """Checks the body of an API Gateway payload 2.0 event and leaves it as plain UTF-8 JSON text
    with `content-type: application/json`, so the resolver's own parser never meets anything else."""
    raw = event.get("body")
    headers = event.get("headers") or {}
    if not raw:
        # No body, nothing to read: a stray content type must not reach the resolver's own 415.
        for key in [key for key in headers if key.lower() == "content-type"]:
            del headers[key]
        return
    content_type = _header(headers, "content-type")
    if content_type and not is_json_media_type(content_type):
        shown = content_type.split(";")[0].strip()[:100]
        raise UnsupportedMediaType(f"Send JSON (Content-Type: application/json), not {shown}.")
    charset = _charset(content_type)
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"Send JSON in UTF-8, not {charset[:40]}.")
    if event.get("isBase64Encoded"):
        try:
            data = base64.b64decode(str(raw), validate=True)
        except (binascii.Error, ValueError) as error:
            raise MalformedBody("The body is not valid base64.") from error
    else:
        data = str(raw).encode("utf-8", errors="surrogatepass")
    if len(data) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The body is {len(data)} bytes; at most {MAX_BODY_BYTES} are accepted.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedBody("The body is not valid UTF-8.") from error
    parse_json(text)
    for key in [key for key in headers if key.lower() == "content-type"]:
        del headers[key]
    headers["content-type"] = "application/json"
    event["headers"] = headers
    event["body"] = text
    event["isBase64Encoded"] = False


def guard_path_ids(event: dict[str, Any]) -> None:
    """Every path parameter is an id or a slug: 1-64 letters, digits, '-' or '_' (422 otherwise),
    checked before it can reach a key (DynamoDB refuses keys over 2,048 bytes with a 500)."""
    details = [
        {"field": name, "message": f"must be 1-{ID_MAX_LENGTH} letters, digits, '-' or '_'"}
        for name, value in sorted((event.get("pathParameters") or {}).items())
        if not _ID.fullmatch(str(value))
    ]
    if details:
        fields = ", ".join(detail["field"] for detail in details)
        raise ValidationFailed(f"Invalid request: {fields}.", details=details)
