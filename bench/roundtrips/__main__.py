"""Round trips: the AWS calls one API request makes, counted in-process against moto.

Run: `make bench` (or `python -m bench.roundtrips`). Each request runs through the real handlers (and,
for product creation, the real CreateProduct state machine in moto's interpreter, whose Lambda tasks
call the real handlers); every botocore call they make is counted by service and operation.
A DynamoDB write is one call whatever it holds: the figure that matters is writes per request.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib
from collections.abc import Callable
from functools import partial
from typing import Any

import requests

from estore_local.emulator.callcount import Calls, counting_calls
from estore_local.emulator.harness import Answer, Cloud, User, in_process_cloud, make_seller
from estore_local.emulator.triggers import s3_event

OFFER = {"price": {"amount": 4999, "currency": "USD"}, "stock": 5}


def png(seed: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(b"\x00" + seed.to_bytes(3, "big"))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")


def upload_images(cloud: Cloud, seller: User, count: int) -> list[str]:
    """`count` READY images in the seller's library (declared, POSTed, ingested)."""
    ids: list[str] = []
    for start in range(0, count, 10):
        files = [png(seed) for seed in range(start, min(start + 10, count))]
        declared = [
            {
                "filename": f"{i}.png",
                "contentType": "image/png",
                "size": len(f),
                "sha256": hashlib.sha256(f).hexdigest(),
            }
            for i, f in enumerate(files)
        ]
        answer = cloud.call("POST", "/images/uploads", user=seller, json_body={"files": declared})
        for slot, data in zip(answer.body["uploads"], files, strict=True):
            upload = slot["upload"]
            requests.post(upload["url"], data=upload["fields"], files={"file": ("x.png", data)}, timeout=5)
            bucket, key = cloud.stack.ref("ImagesBucket"), upload["fields"]["key"]
            head = cloud.s3.head_object(Bucket=bucket, Key=key)
            event = s3_event(bucket, key, "ObjectCreated:Post", head["ContentLength"], head["ETag"])
            cloud.run("IngestImageFunction", event)
            ids.append(slot["imageId"])
    return ids


def product(**extra: Any) -> dict[str, Any]:
    return {"title": "LEGO Millennium Falcon", "brand": "LEGO", "category": "toys", "offer": OFFER, **extra}


def measure(calls: Calls, request: Callable[[], Answer]) -> tuple[Answer, Calls]:
    calls.clear()
    answer = request()
    snapshot = Calls()
    snapshot.counts.update(calls.counts)
    return answer, snapshot


def shopping(cloud: Cloud, seller: User, calls: Calls) -> list[tuple[str, int, Calls]]:
    """Add to cart and checkout, for a 1-line and a 25-line cart."""
    offers = []
    for n in range(25):
        listed = cloud.call("POST", "/products", user=seller, json_body=product(title=f"Set {n}"))
        offers.append(listed.body["bestOffer"]["id"])
    rows = []
    for size in (1, 25):
        buyer = cloud.confirm_sign_up(f"buyer-{size}-{uuid.uuid4().hex[:6]}@example.com")
        for offer_id in offers[: size - 1]:
            cloud.call("POST", "/cart/items", user=buyer, json_body={"offerId": offer_id, "quantity": 1})
        add = {"offerId": offers[size - 1], "quantity": 1}
        key = {"idempotency-key": str(uuid.uuid4())}
        steps: list[tuple[str, Callable[[], Answer]]] = [
            (f"add to cart ({size}-line cart)", partial(cloud.call, "POST", "/cart/items", user=buyer, json_body=add)),
            (f"view cart ({size} lines)", partial(cloud.call, "GET", "/cart", user=buyer)),
            (
                f"checkout ({size} lines)",
                partial(cloud.call, "POST", "/checkout", user=buyer, json_body={}, headers=key),
            ),
        ]
        for name, request in steps:
            answer, counted = measure(calls, request)
            rows.append((name, answer.status, counted))
    return rows


def main() -> None:
    rows: list[tuple[str, int, Calls]] = []
    with in_process_cloud() as cloud:
        seller = make_seller(cloud, "Bench Bricks")
        rival = make_seller(cloud, "Bench Blocks")
        images = upload_images(cloud, seller, 20)
        tags20 = [f"tag {i}" for i in range(20)]
        with counting_calls() as calls:
            cases: list[tuple[str, Callable[[], Answer]]] = [
                (
                    "create product, no images or tags",
                    lambda: cloud.call("POST", "/products", user=seller, json_body=product()),
                ),
                (
                    "create product, 2 images, 3 tags",
                    lambda: cloud.call(
                        "POST",
                        "/products",
                        user=seller,
                        json_body=product(imageIds=images[:2], tags=["lego", "star wars", "ucs"]),
                    ),
                ),
                (
                    "create product, 20 images, 20 tags",
                    lambda: cloud.call(
                        "POST", "/products", user=seller, json_body=product(imageIds=images, tags=tags20)
                    ),
                ),
                (
                    "create product + Idempotency-Key (first)",
                    lambda: cloud.call(
                        "POST", "/products", user=seller, json_body=product(), headers={"idempotency-key": KEY}
                    ),
                ),
                (
                    "create product + Idempotency-Key (retry)",
                    lambda: cloud.call(
                        "POST", "/products", user=seller, json_body=product(), headers={"idempotency-key": KEY}
                    ),
                ),
            ]
            created: Answer | None = None
            for name, request in cases:
                answer, counted = measure(calls, request)
                created = created or answer
                rows.append((name, answer.status, counted))
            product_id = created.body["id"] if created else ""
            more: list[tuple[str, Callable[[], Answer]]] = [
                ("get product", lambda: cloud.call("GET", f"/products/{product_id}")),
                (
                    "add offer (another seller, used)",
                    lambda: cloud.call(
                        "POST",
                        f"/products/{product_id}/offers",
                        user=rival,
                        json_body={**OFFER, "condition": "used", "conditionNote": "Box opened"},
                    ),
                ),
                ("other sellers", lambda: cloud.call("GET", f"/products/{product_id}/offers")),
                (
                    "update product (replace tags)",
                    lambda: cloud.call(
                        "PATCH", f"/products/{product_id}", user=seller, json_body={"tags": ["lego", "technic"]}
                    ),
                ),
                ("delete product", lambda: cloud.call("DELETE", f"/products/{product_id}", user=seller)),
            ]
            for name, request in more:
                answer, counted = measure(calls, request)
                rows.append((name, answer.status, counted))
            rows += shopping(cloud, seller, calls)
    print("round trips: AWS calls per API request (real handlers, moto in-process)")
    columns = (
        ("status", 7),
        ("ddb reads", 11),
        ("ddb writes", 12),
        ("sfn", 5),
        ("lambda", 8),
        ("other", 7),
        ("total", 7),
    )
    print(f"{'request':<42}" + "".join(f"{title:>{width}}" for title, width in columns))
    for name, status, counted in rows:
        sfn, lam = counted.of("stepfunctions"), counted.of("lambda")
        other = counted.total - counted.of("dynamodb") - sfn - lam
        print(
            f"{name:<42}{status:>7}{counted.dynamodb_reads:>11}{counted.dynamodb_writes:>12}{sfn:>5}{lam:>8}{other:>7}{counted.total:>7}"
        )
    print("(lambda = the workflow's Lambda tasks, invoked by Step Functions; sfn = StartSyncExecution)")


KEY = str(uuid.uuid4())

if __name__ == "__main__":
    main()
