"""Sellers, customers and image uploads over real HTTP against a running local cloud."""

from __future__ import annotations

import hashlib
import struct
import time
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

import httpx

from tests.e2e.localcloud import LocalCloud

WAIT_S = 10  # the S3-triggered ingest runs asynchronously; it takes well under a second locally
POLL_S = 0.05


def png(seed: int | None = None, size: int = 16) -> bytes:
    """A real one-colour RGB PNG; each seed (random by default) gives other pixels, so another SHA-256."""
    seed = uuid.uuid4().int if seed is None else seed
    rgb = bytes([(seed >> shift) & 0xFF for shift in (0, 8, 16)])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    comment = chunk(b"tEXt", b"Comment\x00" + str(seed).encode())  # unique even when two colours coincide
    rows = (b"\x00" + rgb * size) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + comment
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def declared(data: bytes, content_type: str = "image/png", filename: str = "photo.png") -> dict[str, Any]:
    return {"filename": filename, "contentType": content_type, "size": len(data), "sha256": sha256(data)}


def new_product(title: str = "LEGO Star Wars X-Wing Starfighter", **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": title,
        "description": "Luke's X-Wing with folding wings.",
        "brand": "LEGO",
        "category": "Toys",
        "offer": {"price": {"amount": 5999, "currency": "USD"}, "stock": 5, "condition": "new"},
    }
    return {**body, **fields}


def unique_tag(prefix: str = "e2e") -> tuple[str, str]:
    """(name, slug) of a tag no other test uses: tags are shared by the whole store."""
    suffix = uuid.uuid4().hex[:8]
    return f"{prefix.title()} {suffix}", f"{prefix.lower()}-{suffix}"


@dataclass
class User:
    cloud: LocalCloud
    email: str
    token: str

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        with self.cloud.http() as http:
            return http.request(method, path, headers=headers, **kwargs)

    # ------------------------------------------------------------ images
    def declare(self, *files: dict[str, Any]) -> list[dict[str, Any]]:
        answer = self.call("POST", "/images/uploads", json={"files": list(files)})
        assert answer.status_code == 200, answer.text
        slots: list[dict[str, Any]] = answer.json()["uploads"]
        return slots

    def wait_decided(self, image_id: str) -> dict[str, Any]:
        """GET /images/{id} until the ingest has decided it (READY or REJECTED), within WAIT_S."""
        deadline = time.monotonic() + WAIT_S
        while True:
            answer = self.call("GET", f"/images/{image_id}")
            assert answer.status_code == 200, answer.text
            image: dict[str, Any] = answer.json()
            if image["status"] != "PENDING" or time.monotonic() > deadline:
                return image
            time.sleep(POLL_S)

    def upload(self, data: bytes, content_type: str = "image/png", filename: str = "photo.png") -> dict[str, Any]:
        """Declares `data`, posts it to S3 with the presigned POST, waits for the ingest; the image."""
        (slot,) = self.declare(declared(data, content_type, filename))
        assert slot["status"] == "PENDING", slot
        post_upload(slot["upload"], data, filename, content_type)
        return self.wait_decided(slot["imageId"])


def post_upload(upload: dict[str, Any], data: bytes, filename: str, content_type: str) -> None:
    """The browser's multipart form POST to the local S3 endpoint, fields first, the file last."""
    answer = httpx.post(upload["url"], data=upload["fields"], files={"file": (filename, data, content_type)})
    assert answer.status_code in (200, 201, 204), answer.text


def customer(cloud: LocalCloud) -> User:
    email, tokens = cloud.sign_up()
    return User(cloud, email, tokens["AccessToken"])


def seller(cloud: LocalCloud, store_name: str | None = None) -> User:
    """A new user who opened a store through POST /sellers, with a token that carries the sellers group."""
    email, tokens = cloud.sign_up()
    store_name = store_name or f"Bricks {uuid.uuid4().hex[:8]}"
    with cloud.http() as http:
        opened = http.post(
            "/sellers", json={"storeName": store_name}, headers={"authorization": f"Bearer {tokens['AccessToken']}"}
        )
    assert opened.status_code == 201, opened.text
    return User(cloud, email, cloud.sign_in(email)["AccessToken"])


def bucket_keys(cloud: LocalCloud) -> list[str]:
    s3, bucket = cloud.client("s3"), cloud.output("ImagesBucket")
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys += [obj["Key"] for obj in page.get("Contents", [])]
    return sorted(keys)


def wait_no_uploads_left(cloud: LocalCloud) -> list[str]:
    """The bucket's keys once nothing is left under uploads/ (the ingest deletes an upload after deciding it)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        keys = bucket_keys(cloud)
        if not any(key.startswith("uploads/") for key in keys) or time.monotonic() > deadline:
            return keys
        time.sleep(POLL_S)


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "details"?}, "requestId"} matching X-Request-Id."""
    assert response.status_code == status, f"{response.request.method} {response.request.url}: {response.text}"
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "requestId"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str), body
    assert body["error"]["message"], body
    assert set(body["error"]) <= {"code", "message", "details"}, body
    assert body["requestId"] == response.headers["x-request-id"]
    return body
