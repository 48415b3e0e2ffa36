"""Bulk import throughput: rows per second and DynamoDB write calls per row, on the in-process local cloud.

Run: `make bench-imports` (or `python -m bench.imports [rows ...]`, default 1000 10000). Each import runs
the real Import state machine in moto's interpreter (Distributed Map gaps filled by estore_local), whose
Lambda tasks call the real handlers. The baseline, measured in the same run, is the same kind of rows
listed one by one through POST /products (the CreateProduct Express workflow). The goal is one write
call (one transaction) per product; the import adds a batch write of outcomes and a progress update
per batch of 25 rows, and a few calls per import.
"""

from __future__ import annotations

import csv
import io
import sys
import time

import boto3

from estore_local.emulator.callcount import Calls, counting_calls
from estore_local.emulator.harness import Cloud, User, in_process_cloud, make_seller
from estore_local.emulator.triggers import s3_event

BASELINE_ROWS = 50
HEADER = ["sku", "title", "brand", "category", "tags", "price", "stock"]


def rows_csv(count: int, prefix: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(count):
        writer.writerow([f"{prefix}-{n}", f"Brick set {n}", "LEGO", "Toys", "lego;bench", "19.99", "5"])
    return out.getvalue().encode()


def import_file(cloud: Cloud, seller: User, data: bytes) -> dict[str, int | str]:
    announced = cloud.call(
        "POST", "/imports", user=seller, json_body={"filename": "b.csv", "contentType": "text/csv", "size": len(data)}
    )
    import_id, key = announced.body["importId"], announced.body["upload"]["fields"]["key"]
    bucket = cloud.stack.ref("ImagesBucket")
    cloud.s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType="text/csv")
    cloud.run("StartImportFunction", s3_event(bucket, key, "ObjectCreated:Post", len(data), "etag"))
    sfn = boto3.client("stepfunctions")
    execution = cloud.stack.ref("ImportStateMachine").replace(":stateMachine:", ":execution:") + f":{import_id}"
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
        time.sleep(0.1)
    shown: dict[str, int | str] = cloud.call("GET", f"/imports/{import_id}", user=seller).body
    return shown


def baseline(cloud: Cloud, seller: User, calls: Calls) -> tuple[float, float]:
    calls.clear()
    started = time.perf_counter()
    for n in range(BASELINE_ROWS):
        body = {
            "title": f"Brick set {n}",
            "brand": "LEGO",
            "category": "Toys",
            "tags": ["lego", "bench"],
            "sku": f"BASE-{n}",
            "offer": {"price": {"amount": 1999, "currency": "USD"}, "stock": 5},
        }
        assert cloud.call("POST", "/products", user=seller, json_body=body).status == 201
    elapsed = time.perf_counter() - started
    return BASELINE_ROWS / elapsed, calls.dynamodb_writes / BASELINE_ROWS


def main(sizes: list[int]) -> None:
    with in_process_cloud() as cloud:
        seller = make_seller(cloud, "Bench Imports")
        with counting_calls() as calls:
            base_rate, base_writes = baseline(cloud, seller, calls)
            print(f"{'case':<34} {'rows/s':>8} {'x baseline':>10} {'writes/row':>10} {'created':>8}")
            print(
                f"{'POST /products one by one':<34} {base_rate:>8.1f} {1.0:>10.2f} "
                f"{base_writes:>10.2f} {BASELINE_ROWS:>8}"
            )
            for size in sizes:
                for label, prefix in (
                    (f"import {size} new rows", f"N{size}"),
                    (f"re-import the same {size}", f"N{size}"),
                ):
                    calls.clear()
                    started = time.perf_counter()
                    shown = import_file(cloud, seller, rows_csv(size, prefix))
                    elapsed = time.perf_counter() - started
                    rate = size / elapsed
                    writes = calls.dynamodb_writes / size
                    assert shown["status"] == "SUCCEEDED", shown
                    print(f"{label:<34} {rate:>8.1f} {rate / base_rate:>10.2f} {writes:>10.2f} {shown['created']:>8}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
