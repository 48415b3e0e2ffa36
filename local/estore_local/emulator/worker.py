"""A Lambda execution environment: imports one handler and runs invocations sent by the runner.

Run as a script (never imported by the local cloud) so that its sys.path is only the function's
CodeUri and its layers, as in Lambda. Protocol: one JSON line per message on two inherited fds;
the function's own stdout/stderr are its logs.
"""

import importlib
import json
import os
import resource
import signal
import sys
import time
import traceback
import uuid
from typing import Any


class Context:
    def __init__(self, request_id: str, deadline: float) -> None:
        name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_name = name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
        self.invoked_function_arn = os.environ["ESTORE_FUNCTION_ARN"]
        self.aws_request_id = request_id
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.time()) * 1000))


def _error(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        # The handler's frames only, as Lambda shows them (not the runtime's own).
        "stackTrace": traceback.format_tb(exc.__traceback__.tb_next if exc.__traceback__ else None),
    }


def _load_handler(spec: str) -> tuple[Any, dict[str, Any] | None]:
    module_name, _, function_name = spec.rpartition(".")
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except Exception as exc:
        traceback.print_exc()
        return None, _error(exc, "Runtime.ImportModuleError")
    handler = getattr(module, function_name, None)
    if handler is None:
        return None, {"errorMessage": f"Handler '{function_name}' missing", "errorType": "Runtime.HandlerNotFound"}
    return handler, None


def main() -> None:
    code_uri, handler_spec, *layers = sys.argv[1:]
    # Ctrl-C reaches the whole process group: the runner stops its workers (or they see EOF).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Lambda's import path: the task root, then the layers; never the local cloud's own modules.
    sys.path[0:1] = [code_uri, *layers]
    os.chdir(code_uri)
    read_fd, write_fd = (int(fd) for fd in os.environ.pop("ESTORE_WORKER_FDS").split(","))
    inbox = os.fdopen(read_fd, "r", encoding="utf-8")
    outbox = os.fdopen(write_fd, "w", encoding="utf-8")

    started = time.perf_counter()
    handler, init_error = _load_handler(handler_spec)
    init_ms = (time.perf_counter() - started) * 1000
    outbox.write(json.dumps({"ready": True, "initMs": init_ms}) + "\n")
    outbox.flush()

    for line in inbox:
        request = json.loads(line)
        request_id = request.get("requestId") or str(uuid.uuid4())
        os.environ["_X_AMZN_TRACE_ID"] = f"Root=1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:24]}"
        began = time.perf_counter()
        reply: dict[str, Any]
        if init_error is not None:
            reply = {"ok": False, "payload": init_error}
        else:
            try:
                result = handler(request["event"], Context(request_id, request["deadline"]))
                reply = {"ok": True, "payload": json.loads(json.dumps(result))}
            except Exception as exc:
                traceback.print_exc()
                reply = {"ok": False, "payload": _error(exc)}
        sys.stdout.flush()
        sys.stderr.flush()
        reply["durationMs"] = (time.perf_counter() - began) * 1000
        reply["maxMemoryMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        outbox.write(json.dumps(reply) + "\n")
        outbox.flush()


if __name__ == "__main__":
    main()
