"""DynamoDB request units of the calls made in this process, computed by DynamoDB's published rules.

Sizes follow DynamoDB's item-size rule (attribute names plus values; numbers by their digits), so a unit
count depends only on what the code writes and reads, never on the machine: the cost model is reproducible.

- writes: 1 WRU per started KB of the larger of the item's old and new image; transactional items 2 per KB
  (ConditionCheck items of a transaction count as transactional writes of the checked item);
- reads: per started 4 KB, 0.5 RRU eventually consistent, 1 strongly consistent, 2 transactional; a Query or
  Scan rounds the sum of the items it returned (filters are not used on Estore's read paths), and any read
  costs at least one unit's worth.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import boto3

KB = 1024


def value_size(value: dict[str, Any]) -> int:
    """Bytes of one attribute value in DynamoDB's wire format ({"S": ...}, {"N": ...}, {"M": ...}, ...)."""
    (kind, inner), *_ = value.items()
    if kind == "S":
        return len(str(inner).encode())
    if kind == "N":
        digits = str(inner).lstrip("-").replace(".", "").lstrip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(inner) if isinstance(inner, bytes | bytearray) else len(str(inner)) * 3 // 4
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + value_size(v) + 1 for k, v in inner.items())
    if kind == "L":
        return 3 + sum(value_size(v) + 1 for v in inner)
    if kind in ("SS", "NS", "BS"):
        return sum(value_size({kind[0]: member}) for member in inner)
    return 0


def item_size(item: dict[str, Any] | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


@dataclass
class Units:
    calls: int = 0
    wru: float = 0.0
    rru: float = 0.0

    def add(self, other: Units) -> None:
        self.calls += other.calls
        self.wru += other.wru
        self.rru += other.rru


@dataclass
class Meter:
    """Request units (and calls of each AWS service) since the last `take()`."""

    dynamodb: Units = field(default_factory=Units)
    calls: dict[str, int] = field(default_factory=dict)
    events_put: int = 0
    sync_executions: int = 0
    lambda_invokes: list[str] = field(default_factory=list)  # function names invoked through the Lambda API
    outbox: list[dict[str, Any]] = field(default_factory=list)  # outbox items written (kept across take())
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> Meter:
        with self._lock:
            taken = Meter(self.dynamodb, dict(self.calls), self.events_put, self.sync_executions, self.lambda_invokes)
            self.dynamodb, self.calls, self.events_put, self.sync_executions = Units(), {}, 0, 0
            self.lambda_invokes = []
        return taken


def _key_of(table: Any, item: dict[str, Any]) -> dict[str, Any]:
    key = {table.hash_key_attr: item[table.hash_key_attr]}
    if table.range_key_attr:
        key[table.range_key_attr] = item[table.range_key_attr]
    return key


def _stored(table_name: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """The item as moto holds it now (in-process), in wire format; None when absent."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][boto3.session.Session().region_name or "us-east-1"]
    try:
        found = backend.get_item(table_name, key)
    except Exception:  # an invalid key is the call's own error, not a unit
        return None
    return None if found is None else dict(found.to_json()["Attributes"])


def _table(table_name: str) -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    region = boto3.session.Session().region_name or "us-east-1"
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][region].get_table(table_name)


def _write_targets(operation: str, request: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    """(table, key, new item if a Put) of every item a write request touches."""
    targets: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    if operation == "PutItem":
        table = _table(request["TableName"])
        targets.append((request["TableName"], _key_of(table, request["Item"]), request["Item"]))
    elif operation in ("UpdateItem", "DeleteItem"):
        targets.append((request["TableName"], request["Key"], None))
    elif operation == "TransactWriteItems":
        for entry in request["TransactItems"]:
            (kind, op), *_ = entry.items()
            if kind == "Put":
                targets.append((op["TableName"], _key_of(_table(op["TableName"]), op["Item"]), op["Item"]))
            else:
                targets.append((op["TableName"], op["Key"], None))
    elif operation == "BatchWriteItem":
        for table_name, requests in request["RequestItems"].items():
            table = _table(table_name)
            for write in requests:
                if "PutRequest" in write:
                    item = write["PutRequest"]["Item"]
                    targets.append((table_name, _key_of(table, item), item))
                else:
                    targets.append((table_name, write["DeleteRequest"]["Key"], None))
    return targets


def _read_units(operation: str, request: dict[str, Any], parsed: dict[str, Any]) -> float:
    def per_4kb(size: int, factor: float) -> float:
        return max(1, math.ceil(size / (4 * KB))) * factor

    strong = 1.0 if request.get("ConsistentRead") else 0.5
    if operation == "GetItem":
        return per_4kb(item_size(parsed.get("Item")), strong)
    if operation in ("Query", "Scan"):
        return per_4kb(sum(item_size(i) for i in parsed.get("Items", [])), strong)
    if operation == "BatchGetItem":
        units = 0.0
        for table_name, items in parsed.get("Responses", {}).items():
            factor = 1.0 if request["RequestItems"].get(table_name, {}).get("ConsistentRead") else 0.5
            units += sum(per_4kb(item_size(i), factor) for i in items)
        return units
    if operation == "TransactGetItems":
        return sum(per_4kb(item_size(r.get("Item")), 2.0) for r in parsed.get("Responses", []))
    return 0.0


@contextmanager
def metering() -> Iterator[Meter]:
    """Meters every DynamoDB call (and counts every AWS call) made while the block runs, in this process."""
    meter = Meter()
    pending: dict[int, tuple[str, dict[str, Any], list[int]]] = {}
    events = boto3._get_default_session().events

    def before(model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        service, operation = model.service_model.service_name, model.name
        with meter._lock:
            meter.calls[service] = meter.calls.get(service, 0) + 1
        if service == "events" and operation == "PutEvents":
            body = json.loads(params.get("body") or b"{}")
            with meter._lock:
                meter.events_put += len(body.get("Entries", []))
        if service != "dynamodb":
            return
        request = json.loads(params.get("body") or b"{}")
        targets = _write_targets(operation, request)
        old_sizes = [item_size(_stored(t, k)) for t, k, _ in targets]
        with meter._lock:
            meter.outbox += [put for _, _, put in targets if put and put.get("type") == {"S": "OUTBOX"}]
        pending[id(context)] = (operation, request, old_sizes)

    def sync_execution(**_: Any) -> None:
        with meter._lock:
            meter.sync_executions += 1

    def lambda_invoke(params: dict[str, Any], **_: Any) -> None:
        name = unquote(params["url_path"].split("/functions/", 1)[1].split("/", 1)[0])
        with meter._lock:
            meter.lambda_invokes.append(name)

    def after(model: Any, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if model.service_model.service_name != "dynamodb":
            return
        # The wire format (the resource layer may already have turned `parsed` into Python values).
        raw = json.loads(http_response.content or b"{}") if http_response.status_code < 300 else {"Error": {}}
        parsed = raw
        operation, request, old_sizes = pending.pop(id(context), (model.name, {}, []))
        units = Units(calls=1)
        if "Error" in parsed:
            pass  # a refused or cancelled write is billed too, but Estore's figures are for the happy path
        elif operation in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"):
            factor = 2 if operation == "TransactWriteItems" else 1
            for (table_name, key, put), old in zip(_write_targets(operation, request), old_sizes, strict=True):
                new = item_size(put) if put is not None else item_size(_stored(table_name, key))
                units.wru += factor * max(1, math.ceil(max(old, new) / KB))
        else:
            units.rru += _read_units(operation, request, parsed)
        with meter._lock:
            meter.dynamodb.add(units)

    # The local cloud answers StartSyncExecution itself (botocore stops at the first answer): count it by name.
    sync_name, invoke_name = "before-call.sfn.StartSyncExecution", "before-call.lambda.Invoke"
    events.register_first("before-call", before, unique_id="estore-cost-before")
    events.register_first("after-call", after, unique_id="estore-cost-after")
    events.register_first(sync_name, sync_execution, unique_id="estore-cost-sync")
    events.register_first(invoke_name, lambda_invoke, unique_id="estore-cost-invoke")
    try:
        yield meter
    finally:
        events.unregister(invoke_name, unique_id="estore-cost-invoke")
        events.unregister("before-call", unique_id="estore-cost-before")
        events.unregister("after-call", unique_id="estore-cost-after")
        events.unregister(sync_name, unique_id="estore-cost-sync")
