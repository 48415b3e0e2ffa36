"""Retrying a lost race within the time a function has left: never past it, never by a fixed count."""

import pytest

from estore import deadline as deadlines
from estore.deadline import Deadline, backoff_ms, until_won
from estore.errors import Busy, Conflict


class FakeTime:
    """A clock that moves only when the code under test sleeps or an attempt does its work."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds

    def function_with(self, timeout_s: float) -> Deadline:
        """The deadline of a function invoked now with `timeout_s` to run."""
        ends = self.now + timeout_s
        return Deadline(lambda: (ends - self.now) * 1000)


def losing(fake: FakeTime, cost_s: float, calls: list[float], code: str = "BALANCE_CHANGED"):
    def attempt() -> None:
        calls.append(fake.now)
        fake.now += cost_s
        raise Conflict("A balance changed while this request ran.", code=code)

    return attempt


def lost(conflict: Conflict) -> bool:
    return conflict.code == "BALANCE_CHANGED"


def test_a_race_lost_until_the_time_is_up_ends_busy_before_the_function_times_out():
    # Given a function with 3 s left whose every attempt takes 200 ms and loses the race
    fake, calls = FakeTime(), []
    timeout_s = 3.0
    # When it retries
    with pytest.raises(Busy) as busy:
        until_won(
            losing(fake, 0.2, calls),
            lost=lost,
            deadline=fake.function_with(timeout_s),
            sleep=fake.sleep,
            monotonic=fake.monotonic,
        )
    # Then it tried several times, and gave up with at least the safety margin still left
    assert len(calls) > 2
    assert fake.now <= timeout_s - deadlines.SAFETY_MARGIN_MS / 1000
    assert (busy.value.status, busy.value.code) == (409, "BUSY")
    assert busy.value.details[0]["attempts"] == len(calls)


def test_a_function_with_little_time_left_tries_once_then_answers_busy():
    # Given a function with only 50 ms beyond the safety margin left
    fake, calls = FakeTime(), []
    # When its only attempt loses
    with pytest.raises(Busy):
        until_won(
            losing(fake, 0.05, calls),
            lost=lost,
            deadline=fake.function_with(deadlines.SAFETY_MARGIN_MS / 1000 + 0.05),
            sleep=fake.sleep,
            monotonic=fake.monotonic,
        )
    # Then it did not sleep or try again
    assert (len(calls), fake.pauses) == (1, [])


def test_a_function_whose_time_is_already_up_writes_nothing_and_answers_busy():
    # Given a function with less than the safety margin left
    fake, calls = FakeTime(), []
    # When it would post
    with pytest.raises(Busy) as busy:
        until_won(
            losing(fake, 0.05, calls),
            lost=lost,
            deadline=fake.function_with(deadlines.SAFETY_MARGIN_MS / 1000 / 2),
            sleep=fake.sleep,
            monotonic=fake.monotonic,
        )
    # Then it did not start a write that the timeout could cut off
    assert calls == []
    assert busy.value.details[0]["attempts"] == 0


def test_an_attempt_that_wins_after_losing_is_the_answer():
    fake, outcomes = FakeTime(), iter([Conflict("changed", code="BALANCE_CHANGED")] * 3 + [None])

    def attempt() -> str:
        failure = next(outcomes)
        if failure:
            raise failure
        return "posted"

    result = until_won(attempt, lost=lost, deadline=fake.function_with(10), sleep=fake.sleep, monotonic=fake.monotonic)
    assert result == "posted"
    assert len(fake.pauses) == 3


def test_a_conflict_that_is_not_a_lost_race_is_not_retried():
    fake, calls = FakeTime(), []
    with pytest.raises(Conflict) as refused:
        until_won(
            losing(fake, 0.01, calls, code="OUT_OF_STOCK"),
            lost=lost,
            deadline=fake.function_with(10),
            sleep=fake.sleep,
            monotonic=fake.monotonic,
        )
    assert refused.value.code == "OUT_OF_STOCK"
    assert len(calls) == 1


def test_pauses_grow_exponentially_up_to_the_cap():
    ceilings = [max(backoff_ms(attempt) for _ in range(200)) for attempt in range(12)]
    for attempt, ceiling in enumerate(ceilings):
        assert 0 <= ceiling <= min(deadlines.BACKOFF_CAP_MS, deadlines.BACKOFF_BASE_MS * 2**attempt)
    assert ceilings[-1] > deadlines.BACKOFF_CAP_MS / 2  # the cap is reached, not an ever smaller pause


def test_a_deadline_from_a_lambda_context_keeps_the_safety_margin_free():
    class Context:
        def get_remaining_time_in_millis(self) -> int:
            return 5000

    assert Deadline.of(Context()).left_ms() == 5000 - deadlines.SAFETY_MARGIN_MS
