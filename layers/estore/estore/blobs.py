"""S3: the images bucket. Clients are made lazily, once per cold start."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from estore import aws
from estore.config import get_settings
from estore.domain.images import THUMBNAIL_WIDTHS, ImageType, PresignedPost, Thumbnails, served_type, thumbnail_key

UPLOAD_EXPIRY_SECONDS = 15 * 60
IMAGE_URL_EXPIRY_SECONDS = 24 * 60 * 60
# Content keys are SHA-256 addressed: the bytes behind a key never change.
_IMMUTABLE = "public, max-age=31536000, immutable"


def _s3() -> Any:
    return aws.client("s3")


def images_bucket() -> str:
    return get_settings().require("images_bucket")


def check_bucket() -> None:
    """Raises when the images bucket cannot be reached."""
    _s3().head_bucket(Bucket=images_bucket())


def inline_disposition(key: str) -> str:
    """`inline; filename="<sha>.<ext>"`: shown in the page, saved under a neutral name (never a seller's own)."""
    return f'inline; filename="{key.rsplit("/", 1)[-1]}"'


def image_url(key: str) -> str:
    """A presigned GET for a stored image or thumbnail, valid one day (signed locally: no AWS call).

    The response's Content-Type and Content-Disposition are fixed in the signed URL (S3's response-*
    overrides), so what the browser is told does not depend on the object's metadata. S3 cannot send
    `X-Content-Type-Options: nosniff`; see docs/catalog.md for why the re-encoding makes that safe.
    """
    params = {
        "Bucket": images_bucket(),
        "Key": key,
        "ResponseContentType": served_type(key).value,
        "ResponseContentDisposition": inline_disposition(key),
    }
    url: str = _s3().generate_presigned_url("get_object", Params=params, ExpiresIn=IMAGE_URL_EXPIRY_SECONDS)
    return url


def thumbnail_urls(content_key: str) -> Thumbnails:
    """Presigned GETs of the WebP thumbnails stored beside `content_key`."""
    small, large = (image_url(thumbnail_key(content_key, width)) for width in THUMBNAIL_WIDTHS)
    return Thumbnails(small=small, large=large)


def presigned_upload(key: str, content_type: ImageType, max_bytes: int) -> PresignedPost:
    """A browser form POST to exactly `key`, of 1..max_bytes bytes, with a fixed Content-Type, for 15 minutes.

    S3 enforces these; the ingest function checks the bytes again anyway (the local cloud does not enforce them).
    """
    post = _s3().generate_presigned_post(
        Bucket=images_bucket(),
        Key=key,
        Fields={"Content-Type": content_type.value},
        Conditions=[{"Content-Type": content_type.value}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=UPLOAD_EXPIRY_SECONDS,
    )
    return PresignedPost(url=str(post["url"]), fields={name: str(value) for name, value in post["fields"].items()})


def presigned_file_upload(key: str, content_type: str, max_bytes: int) -> PresignedPost:
    """Like `presigned_upload`, for a file that is not an image (a bulk import's CSV or ZIP)."""
    post = _s3().generate_presigned_post(
        Bucket=images_bucket(),
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=UPLOAD_EXPIRY_SECONDS,
    )
    return PresignedPost(url=str(post["url"]), fields={name: str(value) for name, value in post["fields"].items()})


def download_url(key: str, filename: str) -> str:
    """A presigned GET that downloads as `filename` (an import's error report), valid one day."""
    url: str = _s3().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": images_bucket(),
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
        },
        ExpiresIn=IMAGE_URL_EXPIRY_SECONDS,
    )
    return url


def write_file(key: str, data: bytes, content_type: str) -> None:
    """Bytes this code produced or already verified (an import's rows, its error report, a ZIP's photo)."""
    _s3().put_object(Bucket=images_bucket(), Key=key, Body=data, ContentType=content_type)


def read_file(key: str) -> bytes:
    data: bytes = _s3().get_object(Bucket=images_bucket(), Key=key)["Body"].read()
    return data


def upload_size(key: str) -> int | None:
    """The size of an uploaded object; None when it is gone (already handled, or expired)."""
    try:
        return int(_s3().head_object(Bucket=images_bucket(), Key=key)["ContentLength"])
    except ClientError as error:
        if _missing(error):
            return None
        raise


def read_upload(key: str, limit: int) -> bytes | None:
    """At most `limit` bytes of an uploaded object (a bounded read); None when it is gone."""
    try:
        answer = _s3().get_object(Bucket=images_bucket(), Key=key, Range=f"bytes=0-{limit - 1}")
    except ClientError as error:
        if _missing(error):
            return None
        if str(error.response.get("Error", {}).get("Code", "")) == "InvalidRange":
            return b""  # an empty object has no byte 0
        raise
    data: bytes = answer["Body"].read(limit)
    return data


def store_image(key: str, data: bytes, content_type: ImageType) -> None:
    """Writes an image the ingest function encoded itself (or its thumbnail) with its real type.

    Those bytes are written rather than the upload copied: the upload key stays open to the browser
    for the POST's lifetime, and the upload itself was never meant to be served.
    """
    _s3().put_object(
        Bucket=images_bucket(),
        Key=key,
        Body=data,
        ContentType=content_type.value,
        ContentDisposition=inline_disposition(key),
        CacheControl=_IMMUTABLE,
    )


def delete_upload(key: str) -> None:
    """Removes an upload (deleting a key that is already gone succeeds)."""
    _s3().delete_object(Bucket=images_bucket(), Key=key)


def _missing(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}
