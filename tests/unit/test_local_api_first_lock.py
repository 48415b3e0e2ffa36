"""The local cloud's one moto lock serves the API's calls before background consumers' calls.

A bulk import's consumers (its batches, the indexer, the recorder, the stream poller) kept a dozen threads
waiting on the lock; an API call waited behind all of them and a status poll passed its 10 s Timeout.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from estore_local.moto_server import ApiFirstLock, is_background_call
from estore_local.runner import background_functions
from estore_local.template import load_template
from estore_local.triggers import READ_PAGE, StreamPoller

LIVENESS_S = 30  # a guard against hanging, not a speed check


def test_a_waiting_foreground_call_gets_the_lock_before_every_waiting_background_call() -> None:
    # Given the lock held, and background callers waiting for it
    lock, order, started = ApiFirstLock(), [], threading.Semaphore(0)
    lock.acquire()

    def take(name: str, background: bool) -> None:
        started.release()
        with_lock = lock.acquire(background=background)
        order.append(name)
        lock.release()
        assert with_lock

    background = [threading.Thread(target=take, args=(f"bg{n}", True)) for n in range(5)]
    for thread in background:
        thread.start()
    for _ in background:
        assert started.acquire(timeout=LIVENESS_S)

    # When a foreground call arrives and the holder releases
    api = threading.Thread(target=take, args=("api", False))
    api.start()
    deadline = time.monotonic() + LIVENESS_S
    while lock.foreground_waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    lock.release()
    for thread in [*background, api]:
        thread.join(LIVENESS_S)

    # Then the foreground call went first, and every background call still ran
    assert order[0] == "api"
    assert sorted(order[1:]) == [f"bg{n}" for n in range(5)]


def test_the_lock_is_reentrant_for_its_holder() -> None:
    lock = ApiFirstLock()

    with lock, lock:
        pass

    assert lock.acquire(background=True)
    lock.release()


def test_background_callers_are_told_by_their_user_agent_app_id() -> None:
    ua = "Boto3/1.40 md/Botocore#1.40 ua/2.1 os/linux app/estore-local-background"

    assert is_background_call({"HTTP_USER_AGENT": ua})
    assert not is_background_call({"HTTP_USER_AGENT": "Boto3/1.40 md/Botocore#1.40 ua/2.1 os/linux"})


def test_functions_no_request_waits_for_are_the_background_ones() -> None:
    background = background_functions(load_template())

    assert {"SearchIndexerFunction", "StreamPublisherFunction", "StartImportFunction"} <= background
    assert "ImportWorkflowFunction" in background  # a task of the Standard Import workflow
    assert "ProductWorkflowFunction" not in background  # a task of the Express workflow POST /products waits on
    assert not {"GetImportFunction", "SearchFunction", "PostConfirmationFunction"} & background


class FakeStream:
    """A stream of `count` records behind GetRecords; each call's Limit is recorded."""

    def __init__(self, count: int) -> None:
        self.records = [{"n": n} for n in range(count)]
        self.limits: list[int] = []

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        self.limits.append(Limit)
        start = int(ShardIterator)
        page = self.records[start : start + Limit]
        return {"Records": page, "NextShardIterator": str(start + len(page))}


def poller_on(stream: FakeStream, batch_size: int) -> StreamPoller:
    poller = StreamPoller.__new__(StreamPoller)
    poller.batch_size, poller._client = batch_size, stream
    return poller


def test_the_stream_poller_reads_a_batch_in_short_pages_so_the_api_gets_the_lock_in_between() -> None:
    # Given a stream with more records than a batch
    stream = FakeStream(130)

    # When the poller reads a batch of 100
    records, iterator = poller_on(stream, 100)._read("0")

    # Then it got the first 100, in calls of at most READ_PAGE records, and goes on from the 101st
    assert [record["n"] for record in records] == list(range(100))
    assert max(stream.limits) <= READ_PAGE
    assert iterator == "100"


def test_the_stream_poller_stops_reading_at_the_end_of_the_stream() -> None:
    stream = FakeStream(30)

    records, iterator = poller_on(stream, 100)._read("0")

    assert (len(records), iterator, len(stream.limits)) == (30, "30", 2)
