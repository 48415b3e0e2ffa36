"""How long a request may still run, and how a use case retries a lost race within that time.

A Lambda function ends when its timeout ends, whatever it was doing: the client sees a 5xx and cannot
tell whether the write happened. So a use case that retries a lost race (a wallet changed under it)
never counts attempts: it keeps trying while the function's remaining time, less a safety margin, still
holds the next pause plus an attempt as slow as the slowest one so far, and then answers 409 BUSY in
the error shape, having written nothing. The handler makes the `Deadline` from Lambda's context and
passes it down; services never see the context itself.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from estore.errors import Busy, Conflict

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

# Kept free at the end of every invocation: the answer has to be built and sent, and the next
# attempt may be slower than any seen so far (a cold connection, a busy table).
SAFETY_MARGIN_MS = 1000
# Full-jitter exponential backoff: pause uniformly in [0, min(CAP, BASE * 2**n)].
BACKOFF_BASE_MS = 10
BACKOFF_CAP_MS = 400


class RemainingTime(Protocol):
    """What a Lambda context offers (the part a deadline needs)."""

    def get_remaining_time_in_millis(self) -> int: ...


class Deadline:
    """The time left to a request: the function's remaining time less SAFETY_MARGIN_MS."""

    def __init__(self, remaining_ms: Callable[[], float], margin_ms: float = SAFETY_MARGIN_MS) -> None:
        self._remaining_ms = remaining_ms
        self._margin_ms = margin_ms

    @classmethod
    def of(cls, context: RemainingTime) -> Deadline:
        """The deadline of the invocation whose Lambda context this is."""
        return cls(context.get_remaining_time_in_millis)

    @classmethod
    def within(cls, seconds: float, margin_ms: float = SAFETY_MARGIN_MS) -> Deadline:
        """A deadline `seconds` from now (scripts and tests that run outside Lambda)."""
        ends = time.monotonic() + seconds
        return cls(lambda: (ends - time.monotonic()) * 1000, margin_ms)

    def left_ms(self) -> float:
        """Milliseconds still usable (never negative)."""
        return max(0.0, self._remaining_ms() - self._margin_ms)

    def allows(self, ms: float) -> bool:
        """Whether `ms` more milliseconds of work still end before the margin."""
        return ms <= self.left_ms()


def backoff_ms(attempt: int) -> float:
    """The pause after the `attempt`-th lost race (0-based): capped, exponential, fully jittered."""
    ceiling = min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2**attempt)
    return random.uniform(0, ceiling)  # jitter, not security


def until_won[T](
    attempt: Callable[[], T],
    *,
    lost: Callable[[Conflict], bool],
    deadline: Deadline,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> T:
    """Runs `attempt` until it does not lose a race (`lost(conflict)`), backing off between tries,
    for as long as `deadline` leaves room; then Busy. Any other error, or a conflict that is not a
    lost race, goes to the caller at once. An attempt that lost wrote nothing (one transaction)."""
    slowest_ms = 0.0
    tries = 0
    if deadline.left_ms() <= 0:  # what came before used the time up: a write begun now could be cut off
        raise _busy(tries)
    while True:
        started = monotonic()
        try:
            return attempt()
        except Conflict as conflict:
            if not lost(conflict):
                raise
            slowest_ms = max(slowest_ms, (monotonic() - started) * 1000)
            pause_ms = backoff_ms(tries)
            tries += 1
            if not deadline.allows(pause_ms + slowest_ms):
                raise _busy(tries) from conflict
            sleep(pause_ms / 1000)


def _busy(attempts: int) -> Busy:
    return Busy(
        "Too many changes to the same wallet at once; nothing was written. "
        "Retry in a moment (with the same Idempotency-Key).",
        details=[{"attempts": attempts, "retryAfterMs": int(BACKOFF_CAP_MS)}],
    )


# For the OpenAPI of every route that retries within its deadline (the body is the one error shape).
BUSY_RESPONSE: dict[int, OpenAPIResponse] = {
    409: {
        "description": "BUSY: the wallet kept changing until the request's time was up; nothing was written, "
        "retry with the same Idempotency-Key"
    }
}
