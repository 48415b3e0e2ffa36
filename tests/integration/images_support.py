"""Helpers for tests that need images: real image bytes, and the upload path (declare, POST, ingest)."""

import hashlib
import io
import struct
import zlib
from typing import Any

import requests
from PIL import Image

from estore_local.emulator.triggers import s3_event
from tests.integration.conftest import Cloud, User

MAX = 512000  # the template's default MaxImageBytes


# ---------------------------------------------------------------- image bytes


def png(width: int = 1, height: int = 1, seed: int = 0) -> bytes:
    """A valid RGB PNG; `seed` changes the pixels so different seeds give different hashes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes([seed % 256, 0, 0]) * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def picture(kind: str, seed: int = 0, size: tuple[int, int] = (8, 8), **save: Any) -> bytes:
    """A real image Pillow writes (JPEG, PNG or WEBP); `seed` changes the colour, so the hash."""
    out = io.BytesIO()
    Image.new("RGB", size, (seed % 256, (seed // 256) % 256, 200)).save(out, kind, **save)
    return out.getvalue()


def jpeg(seed: int = 0, padding: int = 0) -> bytes:
    """A real 8x8 JPEG; `padding` zero bytes after its end (decoders ignore them; the size check does not)."""
    return picture("JPEG", seed) + b"\x00" * padding


def webp(seed: int = 0) -> bytes:
    """A real 8x8 lossless WebP."""
    return picture("WEBP", seed, lossless=True)


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1"/></svg>'


# ---------------------------------------------------------------- helpers
def run_function(cloud: Cloud, function_id: str, event: dict[str, Any]) -> Any:
    """Runs a non-HTTP function's handler (here the S3-triggered ingest) with its template environment."""
    return cloud.run(function_id, event)


def stored_keys(data: bytes, extension: str) -> list[str]:
    """The objects one ingested image leaves in the bucket: itself and its two WebP thumbnails, sorted."""
    base = f"images/{hashlib.sha256(data).hexdigest()}"
    return sorted([f"{base}.{extension}", f"{base}.w320.webp", f"{base}.w1024.webp"])


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

    def read(self, key: str) -> bytes:
        return bytes(self.cloud.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read())

    def object_type(self, key: str) -> str:
        return str(self.cloud.s3.head_object(Bucket=self.bucket, Key=key)["ContentType"])
