"""Event and context shapes as AWS delivers them: HTTP API payload 2.0, Cognito triggers, Lambda context."""

import base64
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from estore_local.emulator.intrinsics import ACCOUNT_ID, REGION
from estore_local.emulator.template import HttpRoute

_TEXT_TYPES = ("text/", "json", "xml", "javascript", "x-www-form-urlencoded", "yaml")


def render_claims(claims: dict[str, Any]) -> dict[str, str]:
    """Claims as API Gateway's JWT authorizer passes them: every value a string, lists as "[a b]"."""
    rendered: dict[str, str] = {}
    for name, value in claims.items():
        if isinstance(value, list):
            rendered[name] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            rendered[name] = "true" if value else "false"
        else:
            rendered[name] = str(value)
    return rendered


def _encode_body(body: str | bytes | None, content_type: str) -> tuple[str | None, bool]:
    if body is None:
        return None, False
    if isinstance(body, str):
        return body, False
    if not content_type or any(t in content_type for t in _TEXT_TYPES):
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode("ascii"), True


def http_event(
    method: str,
    path: str,
    *,
    route: HttpRoute | None = None,
    path_parameters: dict[str, str] | None = None,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str | list[str]] | None = None,
    claims: dict[str, Any] | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload format 2.0) event for `method path`."""
    method = method.upper()
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    lowered.setdefault("host", "127.0.0.1")
    cookies = [c.strip() for c in lowered.pop("cookie", "").split(";") if c.strip()]
    request_id = request_id or str(uuid.uuid4())
    route_key = f"{route.method} {route.path}" if route else f"{method} {path}"
    now = datetime.now(UTC)
    query_pairs = [(k, v) for k, vs in (query or {}).items() for v in ([vs] if isinstance(vs, str) else vs)]
    body_text, is_b64 = _encode_body(body, lowered.get("content-type", ""))
    context: dict[str, Any] = {
        "accountId": ACCOUNT_ID,
        "apiId": "local",
        "domainName": lowered["host"],
        "domainPrefix": lowered["host"].split(".")[0],
        "http": {
            "method": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": lowered.get("x-forwarded-for", "127.0.0.1").split(",")[0].strip(),
            "userAgent": lowered.get("user-agent", ""),
        },
        "requestId": request_id,
        "routeKey": route_key,
        "stage": "$default",
        "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if claims is not None:
        scope = claims.get("scope")
        context["authorizer"] = {
            "jwt": {"claims": render_claims(claims), "scopes": str(scope).split() if scope else None}
        }
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": urlencode(query_pairs, quote_via=quote),
        "headers": lowered,
        "requestContext": context,
        "isBase64Encoded": is_b64,
    }
    if cookies:
        event["cookies"] = cookies
    if query_pairs:
        joined: dict[str, list[str]] = {}
        for k, v in query_pairs:
            joined.setdefault(k, []).append(v)
        event["queryStringParameters"] = {k: ",".join(v) for k, v in joined.items()}
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    if body_text is not None:
        event["body"] = body_text
    return event


def post_confirmation_event(
    user_pool_id: str, user_name: str, attributes: dict[str, str], client_id: str | None, trigger: str
) -> dict[str, Any]:
    """A Cognito PostConfirmation trigger event (`trigger` is PostConfirmation_ConfirmSignUp, ...)."""
    return {
        "version": "1",
        "region": REGION,
        "userPoolId": user_pool_id,
        "userName": user_name,
        "callerContext": {
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": client_id or "CLIENT_ID_NOT_APPLICABLE",
        },
        "triggerSource": trigger,
        "request": {"userAttributes": {**attributes, "cognito:user_status": "CONFIRMED"}},
        "response": {},
    }


class LambdaContext:
    """The context object a handler receives, with a deadline like Lambda's."""

    def __init__(
        self,
        function_name: str = "local-function",
        *,
        memory_limit_in_mb: int = 128,
        timeout: float = 3,
        aws_request_id: str | None = None,
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = memory_limit_in_mb
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{function_name}"
        self.aws_request_id = aws_request_id or str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = datetime.now(UTC).strftime("%Y/%m/%d/[$LATEST]") + uuid.uuid4().hex
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))
