"""HTTP plumbing shared by every API function: the resolver factory, the one error shape, the entry point."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict

from estore.auth import Principal, Role, principal_from_event
from estore.domain.validation import invalid, validation_details
from estore.errors import DomainError
from estore.observability import logger, metrics, tracer

CORRELATION_HEADER = "x-correlation-id"
REQUEST_ID_HEADER = "X-Request-Id"

LambdaHandler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


class ErrorBody(BaseModel):
    model_config = ConfigDict(defer_build=True)  # only openapi.json reads these two: built on first use

    code: str
    message: str
    details: list[dict[str, Any]] = []


class ErrorResponse(BaseModel):
    """The one error shape of every 4xx/5xx answer."""

    model_config = ConfigDict(defer_build=True)

    error: ErrorBody
    requestId: str  # the API is camelCase


def error_response(status: int, code: str, message: str, request_id: str, details: Sequence[Any] = ()) -> Response[Any]:
    body = {"error": {"code": code, "message": message, "details": list(details)}, "requestId": request_id}
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=json.dumps(body))


def make_resolver() -> APIGatewayHttpResolver:
    """A validating resolver whose errors all come out in the API's one shape."""
    app = APIGatewayHttpResolver(enable_validation=True)

    def request_id() -> str:
        return str(app.current_event.request_context.request_id or "")

    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]
    def invalid_request(error: RequestValidationError) -> Response[Any]:
        failed = invalid(validation_details(error.errors()))
        return error_response(failed.status, failed.code, failed.message, request_id(), failed.details)

    @app.exception_handler(DomainError)  # type: ignore[untyped-decorator]
    def domain_error(error: DomainError) -> Response[Any]:
        if error.status >= 500:
            logger.warning("domain error", extra={"code": error.code, "error_message": error.message})
        return error_response(error.status, error.code, error.message, request_id(), error.details)

    @app.not_found
    def unknown_route(_: Exception) -> Response[Any]:
        event = app.current_event
        message = f"No route {event.request_context.http.method} {event.raw_path}."
        return error_response(404, "NOT_FOUND", message, request_id())

    return app


def created(body: BaseModel) -> Response[Any]:
    """201 with the created thing as the body."""
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=body)


def caller(app: APIGatewayHttpResolver, *roles: Role) -> Principal:
    """The signed-in caller of the current request; with roles, 403 unless it holds one of them."""
    principal = principal_from_event(app.current_event.raw_event)
    return principal.require(*roles) if roles else principal


def current_correlation_id(app: APIGatewayHttpResolver) -> str:
    """The correlation id of the request being handled (propagated into emitted events)."""
    return str(app.context.get("correlation_id") or app.current_event.request_context.request_id or "")


def correlation_id(event: dict[str, Any]) -> str:
    """The client's X-Correlation-Id when sent, else this request's id."""
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    request_id = str((event.get("requestContext") or {}).get("requestId") or "")
    return str(headers.get(CORRELATION_HEADER) or request_id)


def _unsupported_body(event: dict[str, Any], request_id: str) -> dict[str, Any] | None:
    """The API speaks JSON. A body sent as a form (curl -d's default) or anything else is a 415, not a
    validation error about a field named after the whole body; a body with no content type is JSON."""
    if not event.get("body"):
        return None
    headers = event.setdefault("headers", {}) or {}
    content_type = next((str(value) for name, value in headers.items() if name.lower() == "content-type"), "")
    if not content_type:
        headers["content-type"] = "application/json"
        return None
    if content_type.split(";")[0].strip().lower() in {"application/json", "application/problem+json"}:
        return None
    body = {
        "error": {
            "code": "UNSUPPORTED_MEDIA_TYPE",
            "message": f"Send JSON (Content-Type: application/json), not {content_type.split(';')[0]}.",
            "details": [],
        },
        "requestId": request_id,
    }
    return {"statusCode": 415, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


def entrypoint(app: APIGatewayHttpResolver) -> LambdaHandler:
    """The Lambda handler for an API function: logging context, tracing, metrics, X-Request-Id."""

    @logger.inject_lambda_context(clear_state=True)
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        request_id = str((event.get("requestContext") or {}).get("requestId") or "")
        cid = correlation_id(event)
        logger.set_correlation_id(cid)
        logger.append_keys(request_id=request_id, route=event.get("routeKey"))
        app.append_context(correlation_id=cid)  # type: ignore[no-untyped-call]
        refused = _unsupported_body(event, request_id)
        response = refused or app.resolve(event, context)
        headers = response.setdefault("headers", {})
        headers[REQUEST_ID_HEADER] = request_id
        headers["X-Correlation-Id"] = cid
        return response

    return handler
