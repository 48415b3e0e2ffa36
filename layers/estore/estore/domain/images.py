"""Images: what a seller may upload, how the real type is told from the bytes, and what a library entry is."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt

from estore.domain.models import ApiModel, RequestModel
from estore.domain.text import plain
from estore.errors import ValidationFailed

MAX_FILES_PER_REQUEST = 10
UPLOAD_PREFIX, CONTENT_PREFIX = "uploads/", "images/"
_UPLOAD_KEY = re.compile(r"^uploads/([0-9A-Z]{26})$")

TOO_LARGE = "too large"
EMPTY = "empty file"
NOT_AN_IMAGE = "not a JPEG, PNG or WebP image"
# Every stored image also gets a WebP thumbnail no wider or taller than each of these (product pages
# and search show the small one, a zoomed view the large one).
THUMBNAIL_WIDTHS = (320, 1024)
SMALL, LARGE = THUMBNAIL_WIDTHS


class ImageType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[self.value]


class ImageStatus(StrEnum):
    PENDING = "PENDING"
    READY = "READY"
    REJECTED = "REJECTED"


def sniff_type(head: bytes) -> ImageType | None:
    """The real type from the first bytes (magic numbers); None for anything but JPEG, PNG or WebP."""
    if head.startswith(b"\xff\xd8\xff"):
        return ImageType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ImageType.PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ImageType.WEBP
    return None


Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="hex SHA-256 of the file's bytes")]


class FileToUpload(RequestModel):
    filename: Annotated[str, Field(min_length=1, max_length=255), AfterValidator(plain)]
    content_type: ImageType = Field(description="image/jpeg, image/png or image/webp")
    size: StrictInt = Field(gt=0, description="bytes; at most the store's maximum image size")
    sha256: Sha256Hex


class UploadRequest(RequestModel):
    """POST /images/uploads."""

    files: list[FileToUpload] = Field(min_length=1, max_length=MAX_FILES_PER_REQUEST)


class PresignedPost(ApiModel):
    url: str
    fields: dict[str, str]


class UploadSlot(ApiModel):
    image_id: str
    status: str = Field(
        description="EXISTING (already in your own library: that entry, no upload needed) or PENDING (upload it)"
    )
    upload: PresignedPost | None


class UploadSlots(ApiModel):
    uploads: list[UploadSlot]


class Thumbnails(ApiModel):
    """Presigned GETs of an image's WebP thumbnails."""

    small: str = Field(description=f"at most {SMALL} px on the longer side, WebP")
    large: str = Field(description=f"at most {LARGE} px on the longer side, WebP")


class Image(ApiModel):
    """A library entry as the API shows it (GET /images, GET /images/{imageId})."""

    id: str
    status: ImageStatus
    url: str | None = Field(description="the re-encoded image in its own type (presigned GET); null until READY")
    thumbnails: Thumbnails | None = None
    content_type: str | None
    size: int | None = Field(description="bytes of the stored (re-encoded) image")
    sha256: str | None = Field(description="SHA-256 of the bytes you uploaded (what you declare to reuse it)")
    rejection_reason: str | None = None
    filename: str | None = None
    created_at: str


class ImageRecord(ApiModel):
    """A library entry as stored: who owns it, and the content it points at once READY."""

    id: str
    owner_id: str
    status: ImageStatus
    filename: str
    declared_type: str
    declared_size: int
    declared_sha256: str
    upload_key: str | None = None
    content_key: str | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    rejection_reason: str | None = None
    created_at: str


class StoredContent(ApiModel):
    """Deduplicated content: one stored image per SHA-256 of the uploaded bytes, shared by every library
    entry that shows them. `size` is the stored (re-encoded) image's; the thumbnails sit beside it."""

    sha256: str
    content_key: str
    content_type: ImageType
    size: int
    created_at: str


def upload_key(image_id: str) -> str:
    """Where the browser posts an entry's bytes; the ingest function takes them from there."""
    return f"{UPLOAD_PREFIX}{image_id}"


def image_id_from_upload_key(key: str) -> str | None:
    """The entry an uploaded object belongs to; None for a key this API never handed out."""
    match = _UPLOAD_KEY.match(key)
    return match.group(1) if match else None


def content_key(sha256: str, image_type: ImageType) -> str:
    """Content-addressed by the uploaded bytes' hash: the same upload always lands on the same key."""
    return f"{CONTENT_PREFIX}{sha256}.{image_type.extension}"


def thumbnail_key(content_key: str, width: int) -> str:
    """Where the WebP thumbnail of `width` px sits beside its image (`images/<sha>.w320.webp`)."""
    return f"{content_key.rsplit('.', 1)[0]}.w{width}.webp"


def served_type(key: str) -> ImageType:
    """The type of a stored object, from its extension (every key was written by the ingest function)."""
    extension = key.rsplit(".", 1)[-1]
    return {kind.extension: kind for kind in ImageType}[extension]


def check_declared_sizes(request: UploadRequest, max_bytes: int) -> None:
    """422 naming every file declared larger than the store accepts (the limit is a deploy setting)."""
    details = [
        {"field": f"files.{index}.size", "message": f"must be at most {max_bytes} bytes"}
        for index, file in enumerate(request.files)
        if file.size > max_bytes
    ]
    if details:
        fields = ", ".join(detail["field"] for detail in details)
        raise ValidationFailed(f"Invalid request: {fields}.", details=details)


def verdict(size: int, head: bytes, max_bytes: int) -> ImageType | str:
    """What an upload really is: its sniffed type, or the reason it is rejected."""
    if size > max_bytes:
        return TOO_LARGE
    if size == 0:
        return EMPTY
    return sniff_type(head) or NOT_AN_IMAGE


def present(record: ImageRecord, url: str | None, thumbnails: Thumbnails | None) -> Image:
    """The API's view of a library entry; `url` and `thumbnails` are shown only once the entry is READY."""
    ready = record.status is ImageStatus.READY
    return Image(
        id=record.id,
        status=record.status,
        url=url if ready else None,
        thumbnails=thumbnails if ready else None,
        content_type=record.content_type if ready else None,
        size=record.size if ready else None,
        sha256=record.sha256 if ready else None,
        rejection_reason=record.rejection_reason,
        filename=record.filename,
        created_at=record.created_at,
    )
