"""The HTTP API on FastAPI: match the route, authorize, build the 2.0 event, invoke, shape the answer."""

import base64
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from estore.http_guard import MAX_BODY_BYTES
from estore_local.emulator.events import http_event
from estore_local.emulator.gateway.authorizer import JwtAuthorizer, Unauthorized
from estore_local.emulator.gateway.cors import Cors
from estore_local.emulator.gateway.routing import RouteTable
from estore_local.emulator.runner import Invocation, Runner

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
# Swagger UI from a pinned PyPI package (swagger-ui-bundle-v2), not a CDN: works offline, no third party.
SWAGGER_STATIC = "/docs/static"


def error_response(status: int, code: str, message: str, request_id: str) -> Response:
    body = {"error": {"code": code, "message": message, "details": []}, "requestId": request_id}
    return Response(json.dumps(body), status_code=status, media_type="application/json")


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes | None:
    """The request body, or None as soon as it is over `limit` bytes (Lambda refuses such a payload)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def function_response(result: Invocation) -> Response | None:
    """A payload 2.0 answer as API Gateway renders it; None when the answer is malformed."""
    payload = result.payload
    if not isinstance(payload, dict) or "statusCode" not in payload:
        # Payload 2.0 infers a 200 JSON answer from anything without a statusCode.
        text = payload if isinstance(payload, str) else json.dumps(payload)
        return Response(text, status_code=200, media_type="application/json")
    try:
        status = int(payload["statusCode"])
        body = payload.get("body") or ""
        content = base64.b64decode(body) if payload.get("isBase64Encoded") else str(body).encode()
    except (TypeError, ValueError):
        return None
    response = Response(content, status_code=status)
    for name, value in (payload.get("headers") or {}).items():
        response.headers[name] = str(value)
    for name, values in (payload.get("multiValueHeaders") or {}).items():
        for value in values:
            response.headers.append(name, str(value))
    for cookie in payload.get("cookies") or []:
        response.headers.append("set-cookie", str(cookie))
    return response


class Gateway:
    def __init__(
        self,
        runner: Runner,
        routes: RouteTable,
        authorizers: dict[str, JwtAuthorizer],
        cors: Cors,
        openapi: dict[str, Any],
    ) -> None:
        self.runner, self.routes, self.authorizers, self.cors = runner, routes, authorizers, cors
        self.openapi = openapi

    async def handle(self, request: Request, path: str) -> Response:
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        headers: dict[str, str] = {}
        for name, value in request.headers.items():
            headers[name] = f"{headers[name]},{value}" if name in headers else value
        response = await self._answer(request, headers, request_id)
        for name, value in self.cors.response_headers(headers).items():
            response.headers[name] = value  # the gateway's CORS headers override the function's
        response.headers["x-request-id"] = request_id
        response.headers["apigw-requestid"] = request_id
        latency = (time.perf_counter() - started) * 1000
        log: dict[str, Any] = {"requestId": request_id, "method": request.method, "path": request.url.path}
        log.update({"status": response.status_code, "latency": round(latency, 1)})
        print(json.dumps(log), file=sys.stderr, flush=True)
        return response

    async def _answer(self, request: Request, headers: dict[str, str], request_id: str) -> Response:
        method, path = request.method.upper(), request.url.path
        if self.cors.is_preflight(method, headers):
            return Response(status_code=204, headers=self.cors.preflight_headers(headers))
        # A control character (a %0A...) can be in no route: the same 404 as any unknown path.
        matched = (
            None if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path) else self.routes.match(method, path)
        )
        if matched is None:
            return error_response(404, "NOT_FOUND", f"No route for {method} {path}", request_id)
        route, path_parameters = matched
        claims = None
        if route.auth != "NONE":
            authorizer = self.authorizers.get(route.auth)
            if authorizer is None:
                return error_response(500, "INTERNAL", f"Unknown authorizer {route.auth}", request_id)
            try:
                claims = authorizer.authorize(headers)
            except Unauthorized as exc:
                # The reason (expired, bad signature, PyJWT's words) goes to the log, not to the caller.
                print(json.dumps({"requestId": request_id, "unauthorized": str(exc)}), file=sys.stderr, flush=True)
                return error_response(401, "UNAUTHORIZED", "Missing, expired or invalid token.", request_id)
        body = await read_body(request)
        if body is None:
            message = f"The body is over {MAX_BODY_BYTES} bytes, the most a function accepts."
            return error_response(413, "PAYLOAD_TOO_LARGE", message, request_id)
        event = http_event(
            method,
            path,
            route=route,
            path_parameters=path_parameters or None,
            body=body or None,
            headers=headers,
            query={k: request.query_params.getlist(k) for k in request.query_params},
            claims=claims,
            request_id=request_id,
        )
        result = await run_in_threadpool(self.runner.invoke, route.function_id, event)
        response = None if result.error else function_response(result)
        if response is None:
            return error_response(502, "BAD_GATEWAY", "The function failed to answer.", request_id)
        return response


def load_openapi(path: Path, api_url: str) -> dict[str, Any]:
    """The committed openapi.json with the local server, or an empty spec while there is none."""
    try:
        spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        spec = {"openapi": "3.1.0", "info": {"title": "Estore API", "version": "local"}, "paths": {}}
    spec["servers"] = [{"url": api_url, "description": "local cloud"}]
    return spec


def create_app(gateway: Gateway) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, title="Estore local gateway")

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi() -> Response:
        return Response(json.dumps(gateway.openapi), media_type="application/json")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Estore API (local)",
            swagger_js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_STATIC}/favicon-32x32.png",
        )

    app.mount(SWAGGER_STATIC, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-ui")

    # What FastAPI itself answers (no route: a path holding %0A; an unknown method such as TRACE) comes
    # out in the API's one error shape too, never as {"detail": ...}.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        request_id = str(uuid.uuid4())
        if exc.status_code == 405:
            message = f"Method {request.method[:20]} is not allowed."
            response = error_response(405, "METHOD_NOT_ALLOWED", message, request_id)
        elif exc.status_code == 404:
            response = error_response(404, "NOT_FOUND", "No such route.", request_id)
        else:
            response = error_response(exc.status_code, "BAD_REQUEST", "The request could not be read.", request_id)
        response.headers["x-request-id"] = request_id
        return response

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> Response:
        return error_response(400, "BAD_REQUEST", "The request could not be read.", str(uuid.uuid4()))

    @app.api_route("/{path:path}", methods=_METHODS, include_in_schema=False)
    async def proxy(request: Request, path: str) -> Response:
        return await gateway.handle(request, path)

    return app
