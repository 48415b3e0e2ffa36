"""HTTP plumbing shared by every API function: the resolver factory, the one error shape, the entry point."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict

from estore.auth import Principal, Role, principal_from_event
from estore.deadline import Deadline
from estore.domain.pagination import DEFAULT_LIMIT, MAX_LIMIT
from estore.domain.validation import invalid, validation_details
from estore.errors import DomainError, json_safe
from estore.http_guard import UnsupportedMediaType, guard_body, guard_path_ids
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


def error_body(code: str, message: str, request_id: str, details: Sequence[Any] = ()) -> str:
    body = {"error": {"code": code, "message": message, "details": json_safe(details)}, "requestId": request_id}
    return json.dumps(body)


def error_response(status: int, code: str, message: str, request_id: str, details: Sequence[Any] = ()) -> Response[Any]:
    body = error_body(code, message, request_id, details)
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def make_resolver() -> APIGatewayHttpResolver:
    """A validating resolver whose errors all come out in the API's one shape."""
    app = APIGatewayHttpResolver(enable_validation=True)

    def request_id() -> str:
        return str(app.current_event.request_context.request_id or "")

    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]
    def invalid_request(error: RequestValidationError) -> Response[Any]:
        failed = invalid(validation_details(error.errors()))
        return error_response(failed.status, failed.code, failed.message, request_id(), failed.details)

    @app.exception_handler(RequestUnsupportedContentType)  # type: ignore[untyped-decorator]
    def unsupported_media_type(_: RequestUnsupportedContentType) -> Response[Any]:
        # Unreachable through entrypoint() (guard_body normalizes the body first); here so that
        # Powertools' own 415 body can never be what a client sees.
        refused = UnsupportedMediaType("Send JSON (Content-Type: application/json).")
        return error_response(refused.status, refused.code, refused.message, request_id())

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


def guarded(event: dict[str, Any], request_id: str) -> dict[str, Any] | None:
    """The refusal of a request whose path ids or body cannot be let through, else None (and the
    event's body left as checked UTF-8 JSON text)."""
    try:
        guard_path_ids(event)
        guard_body(event)
    except DomainError as error:
        body = error_body(error.code, error.message, request_id, error.details)
        return {"statusCode": error.status, "headers": {"Content-Type": "application/json"}, "body": body}
    return None


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
        app.append_context(correlation_id=cid, lambda_context=context)  # type: ignore[no-untyped-call]
        refused = guarded(event, request_id)
        response = refused or app.resolve(event, context)
        headers = response.setdefault("headers", {})
        headers[REQUEST_ID_HEADER] = request_id
        headers["X-Correlation-Id"] = cid
        return response

    return handler


# What route handlers declare, each defined once. Request inputs stay annotated parameters, so the resolver
# validates them (422) and documents them in the OpenAPI; what comes from the request's context (the caller,
# the correlation id, the deadline) is a Powertools Depends(), resolved after validation, so a bad body is
# still a 422 before a missing role is a 403. See docs/decisions.md, "Handler dependencies".
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="idempotency-key",
        description="a client UUID; retries are safe (a batch retries its row i as <key>.<i>)",
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size, 1-100")]
Cursor = Annotated[str | None, Query(max_length=2048, description="nextCursor of the previous page")]
PAGE_SIZE = DEFAULT_LIMIT  # the default of every `limit: Limit = PAGE_SIZE`


def signed_in(request: Request) -> Principal:
    """The signed-in caller (401 without one)."""
    return principal_from_event(request.resolved_event.raw_event)


def customer(request: Request) -> Principal:
    """The caller, a customer (403 otherwise)."""
    return signed_in(request).require(Role.CUSTOMERS)


def seller(request: Request) -> Principal:
    """The caller, a seller (403 otherwise)."""
    return signed_in(request).require(Role.SELLERS)


def admin(request: Request) -> Principal:
    """The caller, an admin (403 otherwise)."""
    return signed_in(request).require(Role.ADMINS)


def seller_or_admin(request: Request) -> Principal:
    """The caller, a seller or an admin (403 otherwise)."""
    return signed_in(request).require(Role.SELLERS, Role.ADMINS)


def request_correlation_id(request: Request) -> str:
    """The correlation id entrypoint() chose for this request (the client's, else the request id)."""
    return str(request.context.get("correlation_id") or correlation_id(request.resolved_event.raw_event))


def request_deadline(request: Request) -> Deadline:
    """The time this invocation has left (Lambda's remaining time less the safety margin)."""
    return Deadline.of(request.context["lambda_context"])


SignedIn = Annotated[Principal, Depends(signed_in)]
Customer = Annotated[Principal, Depends(customer)]
Seller = Annotated[Principal, Depends(seller)]
Admin = Annotated[Principal, Depends(admin)]
SellerOrAdmin = Annotated[Principal, Depends(seller_or_admin)]
CorrelationId = Annotated[str, Depends(request_correlation_id)]
RequestDeadline = Annotated[Deadline, Depends(request_deadline)]
