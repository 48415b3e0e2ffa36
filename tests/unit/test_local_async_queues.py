"""The local cloud's asynchronous invocations: each function's events wait in that function's own queue.

One shared pool once let a bulk import's thousands of bus events delay every other function's events (an
upload's ingest, another test's indexing) until they were all handled.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

from estore_local.emulator.runner import ASYNC_CONCURRENCY_PER_FUNCTION, Invocation, Runner

LIVENESS_S = 30  # a guard against hanging, not a speed check


class RecordingRunner(Runner):
    """A runner whose "Busy" function blocks until released; every invocation is recorded."""

    def __init__(self) -> None:
        stack: Any = SimpleNamespace(template=SimpleNamespace(functions=dict))
        super().__init__(stack, "http://unused")
        self.release = threading.Event()
        self.other_ran = threading.Event()
        self.busy_running = 0
        self._count = threading.Lock()

    def invoke(self, function_id: str, event: Any, request_id: str | None = None) -> Invocation:
        if function_id == "Busy":
            with self._count:
                self.busy_running += 1
            self.release.wait(LIVENESS_S)
        else:
            self.other_ran.set()
        return Invocation("id", {}, False, 0.0)


def test_a_functions_backlog_never_delays_another_functions_event() -> None:
    # Given a function with a backlog of events far larger than any pool of threads, none finishing
    runner = RecordingRunner()
    try:
        for n in range(50):
            runner.invoke_async("Busy", {"n": n})

        # When another function gets one event
        runner.invoke_async("Other", {})

        # Then that event runs while the backlog still waits, which is taken a bounded number at a time
        assert runner.other_ran.wait(LIVENESS_S)
        assert runner.busy_running <= ASYNC_CONCURRENCY_PER_FUNCTION
    finally:
        runner.release.set()
        runner.close()
