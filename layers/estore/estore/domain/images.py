"""Images: what a seller may upload, how the real type is told from the bytes, and what a library entry is."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from estore.domain.models import ApiModel, RequestModel

MAX_FILES_PER_REQUEST = 10


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
    filename: str = Field(min_length=1, max_length=255)
    content_type: ImageType = Field(description="image/jpeg, image/png or image/webp")
    size: int = Field(gt=0, description="bytes; at most the store's maximum image size")
    sha256: Sha256Hex


class UploadRequest(RequestModel):
    """POST /images/uploads."""

    files: list[FileToUpload] = Field(min_length=1, max_length=MAX_FILES_PER_REQUEST)


class PresignedPost(ApiModel):
    url: str
    fields: dict[str, str]


class UploadSlot(ApiModel):
    image_id: str
    status: str = Field(description="EXISTING (already stored, no upload needed) or PENDING")
    upload: PresignedPost | None


class UploadSlots(ApiModel):
    uploads: list[UploadSlot]


class Image(ApiModel):
    """A library entry as the API shows it (GET /images, GET /images/{imageId})."""

    id: str
    status: ImageStatus
    url: str | None
    content_type: str | None
    size: int | None
    sha256: str | None
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
