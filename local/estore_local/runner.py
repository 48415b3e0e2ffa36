"""Runs functions like Lambda does: a warm pool of worker processes per function, Timeout enforced."""

import contextlib
import functools
import json
import math
import os
import select
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from estore_local.intrinsics import REGION
from estore_local.moto_server import BACKGROUND_APP_ID
from estore_local.stack import Stack
from estore_local.template import FunctionSpec, Template

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
MAX_WORKERS_PER_FUNCTION = 4
# Events (S3, the bus) are taken at most this many at a time per function, from that function's own queue.
# Two instead of four was tried against an import starving the API's calls (GET /imports/{id} over 10 s at
# load 16): it did not prevent that and would slow the uploads' ingest, so a function keeps its four.
ASYNC_CONCURRENCY_PER_FUNCTION = MAX_WORKERS_PER_FUNCTION
INIT_TIMEOUT_S = 30.0
# Only what a Lambda sandbox would also have; the host's own AWS settings must not leak in.
_HOST_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


# Event sources whose events a function takes asynchronously, with no caller waiting on the answer.
_ASYNC_SOURCES = frozenset({"S3", "SNS", "SQS", "DynamoDB", "Kinesis", "EventBridgeRule", "Schedule", "ScheduleV2"})


def background_functions(template: Template) -> frozenset[str]:
    """Functions no request waits for: fed only by asynchronous sources, or tasks of a Standard workflow.
    Their AWS calls yield moto's lock to the API's (moto_server.ApiFirstLock)."""
    found = {
        function_id
        for function_id, spec in template.functions().items()
        if spec.events and {event.get("Type") for event in spec.events.values()} <= _ASYNC_SOURCES
    }
    for machine in template.of_type("AWS::Serverless::StateMachine").values():
        props = machine.get("Properties") or {}
        if str(props.get("Type", "STANDARD")).upper() == "STANDARD":
            for value in (props.get("DefinitionSubstitutions") or {}).values():
                if isinstance(value, dict) and "Fn::GetAtt" in value:
                    found.add(str(value["Fn::GetAtt"][0]))
    return frozenset(found)


@dataclass
class Invocation:
    request_id: str
    payload: Any  # the handler's result, or Lambda's error object
    error: bool
    duration_ms: float


class _Worker:
    def __init__(self, spec: FunctionSpec, env: dict[str, str]) -> None:
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        args = [sys.executable, "-u", str(WORKER_SCRIPT), str(spec.code_uri), spec.handler]
        self.process = subprocess.Popen(
            args + [str(p) for p in spec.layers],
            env={**env, "ESTORE_WORKER_FDS": f"{to_worker_r},{from_worker_w}"},
            pass_fds=(to_worker_r, from_worker_w),
            stdin=subprocess.DEVNULL,
            stdout=2,  # the function's logs go to stderr; stdout stays free for results (invoke CLI)
            cwd=spec.code_uri,
        )
        os.close(to_worker_r)
        os.close(from_worker_w)
        self._out = os.fdopen(to_worker_w, "w", encoding="utf-8")
        self._in_fd = from_worker_r
        self._buffer = b""
        self.init_ms: float | None = None

    def start(self) -> None:
        hello = self.read(INIT_TIMEOUT_S)
        self.init_ms = float(hello["initMs"])

    def send(self, message: dict[str, Any]) -> None:
        self._out.write(json.dumps(message) + "\n")
        self._out.flush()

    def read(self, timeout: float) -> dict[str, Any]:
        """One reply; TimeoutError past the deadline, EOFError if the worker died."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._in_fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(self._in_fd, 65536)
            if not chunk:
                raise EOFError
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        reply: dict[str, Any] = json.loads(line)
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for closer in (self._out.close, lambda: os.close(self._in_fd)):
            with contextlib.suppress(OSError):
                closer()


class FunctionPool:
    """The execution environments of one function: reuse an idle one, else start another (up to 4)."""

    def __init__(self, spec: FunctionSpec, name: str, env: dict[str, str]) -> None:
        self.spec, self.name, self.env = spec, name, env
        self._idle: list[_Worker] = []
        self._count = 0
        self._cond = threading.Condition()

    def _acquire(self) -> _Worker | None:
        """An idle worker, or None when the caller should start a new one (slot reserved)."""
        with self._cond:
            while not self._idle and self._count >= MAX_WORKERS_PER_FUNCTION:
                self._cond.wait()
            if self._idle:
                return self._idle.pop()
            self._count += 1
            return None

    def _release(self, worker: _Worker | None) -> None:
        with self._cond:
            if worker is None:
                self._count -= 1
            else:
                self._idle.append(worker)
            self._cond.notify()

    def warm(self) -> None:
        idle = self._acquire()
        if idle is not None:  # already warm
            self._release(idle)
            return
        worker = _Worker(self.spec, self.env)
        try:
            worker.start()
        except (TimeoutError, EOFError):
            worker.kill()
            self._release(None)
            return
        worker.init_ms = None  # the cold start was paid before any request
        self._release(worker)

    def invoke(self, event: Any, request_id: str | None = None) -> Invocation:
        request_id = request_id or str(uuid.uuid4())
        worker = self._acquire()
        init_ms = None
        try:
            if worker is None:
                worker = _Worker(self.spec, self.env)
                worker.start()
                init_ms = worker.init_ms
            print(
                f"[{self.spec.logical_id}] START RequestId: {request_id} Version: $LATEST", file=sys.stderr, flush=True
            )
            deadline = time.time() + self.spec.timeout
            worker.send({"event": event, "requestId": request_id, "deadline": deadline})
            reply = worker.read(self.spec.timeout)
        except TimeoutError:
            message = f"{request_id} Task timed out after {self.spec.timeout:.2f} seconds"
            return self._fail(worker, request_id, message, "Sandbox.Timedout", self.spec.timeout * 1000)
        except (EOFError, OSError, ValueError) as exc:
            message = f"RequestId: {request_id} Error: Runtime exited ({type(exc).__name__})"
            return self._fail(worker, request_id, message, "Runtime.ExitError", 0.0)
        self._release(worker)
        self._report(request_id, reply["durationMs"], reply.get("maxMemoryMb"), init_ms)
        return Invocation(request_id, reply["payload"], not reply["ok"], reply["durationMs"])

    def _fail(self, worker: _Worker | None, request_id: str, message: str, kind: str, duration: float) -> Invocation:
        # A timed-out or dead environment is thrown away, as Lambda does; the next call starts a new one.
        if worker is not None:
            worker.kill()
        self._release(None)
        print(message, file=sys.stderr, flush=True)
        self._report(request_id, duration, None, None)
        return Invocation(request_id, {"errorMessage": message, "errorType": kind}, True, duration)

    def _report(self, request_id: str, duration: float, memory: int | None, init_ms: float | None) -> None:
        line = (
            f"END RequestId: {request_id}\nREPORT RequestId: {request_id}\tDuration: {duration:.2f} ms\t"
            f"Billed Duration: {math.ceil(duration)} ms\tMemory Size: {self.spec.memory} MB\t"
            f"Max Memory Used: {memory or 0} MB"
        )
        if init_ms is not None:
            line += f"\tInit Duration: {init_ms:.2f} ms"
        print(f"[{self.spec.logical_id}] {line}", file=sys.stderr, flush=True)

    def close(self) -> None:
        with self._cond:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()


class Runner:
    """Every function of the stack, invokable by logical id; `aws_endpoint` is what boto3 calls."""

    def __init__(self, stack: Stack, aws_endpoint: str) -> None:
        self.stack = stack
        self.aws_endpoint = aws_endpoint
        self._specs = stack.template.functions()
        self._pools: dict[str, FunctionPool] = {}
        self._lock = threading.Lock()
        # Lambda queues each function's asynchronous events on their own: a backlog of one function's
        # events (a bulk import's thousands of bus events) never delays another function's (an upload's
        # ingest). One queue per function, drained by ASYNC_CONCURRENCY_PER_FUNCTION threads.
        self._async: dict[str, ThreadPoolExecutor] = {}

    @functools.cached_property
    def background(self) -> frozenset[str]:
        return background_functions(self.stack.template)

    def environment(self, function_id: str) -> dict[str, str]:
        spec, name = self._specs[function_id], self.stack.function_name(function_id)
        host = {k: os.environ[k] for k in _HOST_ENV if k in os.environ}
        return {
            **host,
            **self.stack.environment_for(function_id),
            "AWS_ENDPOINT_URL": self.aws_endpoint,
            # botocore prefixes some hosts (sync-states for StartSyncExecution): not on 127.0.0.1.
            "AWS_DISABLE_HOST_PREFIX_INJECTION": "true",
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_LAMBDA_FUNCTION_NAME": name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": f"local/[$LATEST]{uuid.uuid4().hex}",
            "ESTORE_FUNCTION_ARN": str(self.stack.attr(function_id, "Arn")),
            "LAMBDA_TASK_ROOT": str(spec.code_uri),
            "_HANDLER": spec.handler,
            "POWERTOOLS_TRACE_DISABLED": "true",  # no X-Ray daemon locally
            "PYTHONDONTWRITEBYTECODE": "1",
            **({"AWS_SDK_UA_APP_ID": BACKGROUND_APP_ID} if function_id in self.background else {}),
        }

    def pool(self, function_id: str) -> FunctionPool:
        with self._lock:
            if function_id not in self._pools:
                name = self.stack.function_name(function_id)
                env = self.environment(function_id)
                self._pools[function_id] = FunctionPool(self._specs[function_id], name, env)
            return self._pools[function_id]

    def warm(self, function_id: str) -> None:
        threading.Thread(target=self.pool(function_id).warm, daemon=True).start()

    def invoke(self, function_id: str, event: Any, request_id: str | None = None) -> Invocation:
        return self.pool(function_id).invoke(event, request_id)

    def invoke_async(self, function_id: str, event: Any, retries: int = 2) -> None:
        """Fire and forget, retried like Lambda's asynchronous invocations; failures are logged."""

        def run() -> None:
            for attempt in range(retries + 1):
                result = self.invoke(function_id, event)
                if not result.error:
                    return
                print(f"[{function_id}] async attempt {attempt + 1} failed", file=sys.stderr, flush=True)
                time.sleep(min(2**attempt, 5))

        self._async_queue(function_id).submit(run)

    def _async_queue(self, function_id: str) -> ThreadPoolExecutor:
        with self._lock:
            if function_id not in self._async:
                self._async[function_id] = ThreadPoolExecutor(
                    max_workers=ASYNC_CONCURRENCY_PER_FUNCTION, thread_name_prefix=f"async-{function_id}"
                )
            return self._async[function_id]

    def close(self) -> None:
        with self._lock:
            queues = list(self._async.values())
        for queue in queues:
            queue.shutdown(wait=False, cancel_futures=True)
        for pool in self._pools.values():
            pool.close()
