"""Counts the AWS calls made in this process (by the functions, including those Step Functions runs).

Calls the local cloud makes to emulate a missing API (polling an execution for StartSyncExecution)
are not counted: on AWS they do not exist.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3

_emulating = threading.local()
ANSWERED_IN_PROCESS = ("before-call.lambda.Invoke", "before-call.sfn.StartSyncExecution")

DYNAMODB_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
DYNAMODB_READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}


@contextmanager
def emulating() -> Iterator[None]:
    """Marks the calls made inside this block (in this thread) as the local cloud's own."""
    _emulating.active = True
    try:
        yield
    finally:
        _emulating.active = False


@dataclass
class Calls:
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def of(self, service: str, operations: set[str] | None = None) -> int:
        return sum(
            n for (svc, op), n in self.counts.items() if svc == service and (operations is None or op in operations)
        )

    @property
    def dynamodb_reads(self) -> int:
        return self.of("dynamodb", DYNAMODB_READS)

    @property
    def dynamodb_writes(self) -> int:
        return self.of("dynamodb", DYNAMODB_WRITES)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def clear(self) -> None:
        self.counts.clear()


@contextmanager
def counting_calls() -> Iterator[Calls]:
    """Every botocore call made while the block runs, by (service, operation)."""
    calls = Calls()
    lock = threading.Lock()

    def count(model: Any, **_: Any) -> None:
        if getattr(_emulating, "active", False):
            return
        with lock:
            calls.counts[(model.service_model.service_name, model.name)] += 1

    events = boto3._get_default_session().events
    # botocore asks the most specific handlers first and stops at the first answer: the calls the local
    # cloud answers itself (estore_local.emulator.inprocess) need the counter registered on their own names too.
    names = ["before-call", *ANSWERED_IN_PROCESS]
    for name in names:
        events.register_first(name, count, unique_id=f"estore-callcount-{name}")
    try:
        yield calls
    finally:
        for name in names:
            events.unregister(name, unique_id=f"estore-callcount-{name}")
