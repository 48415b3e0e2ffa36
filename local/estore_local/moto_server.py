"""moto as the local AWS endpoint: served in-process, one call at a time, with its gaps filled."""

import io
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from estore_local import moto_queries, moto_transactions
from estore_local.intrinsics import ACCOUNT_ID
from estore_local.moto_tokens import honour_client_request_tokens

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class Captured:
    """A finished WSGI response, so it can be inspected (and answered) after the lock is released."""

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def code(self) -> int:
        return int(self.status.split(" ", 1)[0])

    def send(self, start_response: StartResponse) -> list[bytes]:
        headers = [(k, v) for k, v in self.headers if k.lower() != "content-length"]
        start_response(self.status, [*headers, ("Content-Length", str(len(self.body)))])
        return [self.body]


def json_response(code: int, body: bytes, headers: Iterable[tuple[str, str]] = ()) -> Captured:
    reasons = {200: "OK", 202: "Accepted", 204: "No Content", 400: "Bad Request", 404: "Not Found"}
    status = f"{code} {reasons.get(code, 'Error')}"
    return Captured(status, [("Content-Type", "application/x-amz-json-1.0"), *headers], body)


# The User-Agent app id (botocore's AWS_SDK_UA_APP_ID / user_agent_appid) of callers that are background
# consumers: functions fed by queues, buses, streams and Standard workflows, and the local stream pollers.
BACKGROUND_APP_ID = "estore-local-background"
SLOW_CALL_S = 2.0  # a call holding moto's lock longer is reported on stderr


def is_background_call(environ: dict[str, Any]) -> bool:
    return f"app/{BACKGROUND_APP_ID}" in environ.get("HTTP_USER_AGENT", "")


class ApiFirstLock:
    """moto's one lock (reentrant), granted to waiting foreground calls before background ones.

    On AWS, DynamoDB serves an API's GetItem while a bulk import's consumers write: their load never makes
    the API wait. Locally every call takes this one lock, which Python grants in no particular order: with
    a dozen background threads (an import's batches, the indexer, the recorder, the stream poller) waiting,
    an API call waited behind all of them, seconds each under load, and a status poll passed its 10 s
    Timeout. Here a foreground call waits at most for the call holding the lock.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        self._foreground_waiting = 0

    def acquire(self, background: bool = False) -> bool:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return True
            if not background:
                self._foreground_waiting += 1
            try:
                while self._owner is not None or (background and self._foreground_waiting):
                    self._cond.wait()
            finally:
                if not background:
                    self._foreground_waiting -= 1
            self._owner, self._depth = me, 1
            return True

    @property
    def foreground_waiting(self) -> int:
        return self._foreground_waiting

    def release(self) -> None:
        with self._cond:
            if self._owner != threading.get_ident():
                raise RuntimeError("release of a lock not held by this thread")
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._cond.notify_all()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class SerializedMoto:
    """Calls moto under one lock: moto is not thread-safe, and AWS calls are atomic."""

    def __init__(self) -> None:
        # Imported here: moto is slow to import and only the dev/invoke commands need it.
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        self._app: WsgiApp = DomainDispatcherApplication(create_backend_app)
        self.lock = ApiFirstLock()
        moto_transactions.install()
        moto_queries.install()
        honour_client_request_tokens()

    def call(self, environ: dict[str, Any], body: bytes) -> Captured:
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda _data: None

        background = is_background_call(environ)
        self.lock.acquire(background=background)
        started = time.monotonic()
        try:
            chunks = self._app(environ, start_response)
            try:
                data = b"".join(chunks)
            finally:
                close = getattr(chunks, "close", None)
                if close:
                    close()
        finally:
            self.lock.release()
        held = time.monotonic() - started
        if held > SLOW_CALL_S:  # every other call waited that long: name it, it is the next thing to fix
            action = environ.get("HTTP_X_AMZ_TARGET") or f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}"
            caller = "a background caller" if background else "a foreground caller"
            print(f"[moto] {action} from {caller} held the lock {held:.1f} s", file=sys.stderr, flush=True)
        return Captured(captured["status"], list(captured["headers"]), data)


def read_body(environ: dict[str, Any]) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ["wsgi.input"]
    if length:
        return bytes(stream.read(length))
    if environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked" or environ.get("wsgi.input_terminated"):
        return bytes(stream.read())
    return b""


def enable_step_functions(port: int) -> None:
    """Run state machines for real; moto's interpreter calls Lambda back on MOTO_PORT."""
    from moto.core.config import default_user_config

    default_user_config["stepfunctions"] = {"execute_state_machine": True}
    os.environ["MOTO_PORT"] = str(port)


def cognito_backend() -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    return cognitoidp_backends[ACCOUNT_ID]["us-east-1"]


class AwsServer:
    """Serves a WSGI app (the gap-filling middleware around moto) on a loopback port in a thread."""

    def __init__(self, app: WsgiApp, host: str, port: int) -> None:
        from moto.moto_server.werkzeug_app import MotoRequestHandler

        # One line per AWS call drowns the functions' logs; errors still show.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server: BaseWSGIServer = make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)
        self.port = self._server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
