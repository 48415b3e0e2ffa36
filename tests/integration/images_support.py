"""Helpers for tests that need images: real image bytes, and the upload path (declare, POST, ingest)."""

import hashlib
import struct
import zlib
from typing import Any

import requests

from estore_local.triggers import s3_event
from tests.integration.conftest import Cloud, User

MAX = 512000  # the template's default MaxImageBytes


# ---------------------------------------------------------------- image bytes (standard library only)


def png(width: int = 1, height: int = 1, seed: int = 0) -> bytes:
    """A valid RGB PNG; `seed` changes the pixels so different seeds give different hashes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes([seed % 256, 0, 0]) * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg(seed: int = 0, padding: int = 0) -> bytes:
    """SOI, a JFIF APP0 segment, a comment (seed and padding), EOI."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = f"estore test {seed}".encode() + b"\x00" * padding
    segments = b""
    for start in range(0, len(comment), 65000):
        part = comment[start : start + 65000]
        segments += b"\xff\xfe" + struct.pack(">H", len(part) + 2) + part
    return b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + segments + b"\xff\xd9"


def webp(seed: int = 0) -> bytes:
    """A RIFF/WEBP container with a lossless (VP8L) 1x1 bitstream header."""
    bitstream = b"\x2f\x00\x00\x00\x00" + bytes([seed % 256]) * 4
    chunk = b"VP8L" + struct.pack("<I", len(bitstream)) + bitstream
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1"/></svg>'


# ---------------------------------------------------------------- helpers
def run_function(cloud: Cloud, function_id: str, event: dict[str, Any]) -> Any:
    """Runs a non-HTTP function's handler (here the S3-triggered ingest) with its template environment."""
    return cloud.run(function_id, event)


def declared(data: bytes, content_type: str = "image/jpeg", filename: str = "photo.jpg", **extra: Any) -> dict:
    return {
        "filename": filename,
        "contentType": content_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **extra,
    }


class Images:
    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.bucket = cloud.stack.ref("ImagesBucket")

    def declare(self, user: User, *files: dict) -> Any:
        return self.cloud.call("POST", "/images/uploads", user=user, json_body={"files": list(files)})

    def post(self, upload: dict, data: bytes, filename: str = "photo.jpg") -> None:
        """The browser's form POST, done for real against the presigned URL."""
        answer = requests.post(upload["url"], data=upload["fields"], files={"file": (filename, data)}, timeout=5)
        assert answer.status_code in (200, 201, 204), answer.text

    def notify(self, key: str) -> dict:
        """S3's ObjectCreated:Post notification for `key`, delivered to the ingest function."""
        head = self.cloud.s3.head_object(Bucket=self.bucket, Key=key)
        event = s3_event(self.bucket, key, "ObjectCreated:Post", head["ContentLength"], head["ETag"])
        return self.deliver(event)

    def deliver(self, event: dict) -> dict:
        result: dict = run_function(self.cloud, "IngestImageFunction", event)
        return result

    def upload(self, user: User, data: bytes, **declaration: Any) -> str:
        """Declare, POST and ingest one file; the image id."""
        answer = self.declare(user, declared(data, **declaration))
        assert answer.status == 200, answer.body
        (slot,) = answer.body["uploads"]
        assert slot["status"] == "PENDING"
        self.post(slot["upload"], data, declaration.get("filename", "photo.jpg"))
        self.notify(slot["upload"]["fields"]["key"])
        return str(slot["imageId"])

    def get(self, user: User, image_id: str) -> Any:
        return self.cloud.call("GET", f"/images/{image_id}", user=user)

    def keys(self) -> list[str]:
        listed = self.cloud.s3.list_objects_v2(Bucket=self.bucket)
        return sorted(obj["Key"] for obj in listed.get("Contents", []))

    def object_type(self, key: str) -> str:
        return str(self.cloud.s3.head_object(Bucket=self.bucket, Key=key)["ContentType"])
