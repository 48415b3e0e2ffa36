"""Image rules: the real type from magic bytes, what a seller may declare, and keys of uploads and content."""

import hashlib

import pytest
from pydantic import ValidationError

from estore.domain.images import (
    EMPTY,
    NOT_AN_IMAGE,
    TOO_LARGE,
    ImageRecord,
    ImageStatus,
    ImageType,
    Thumbnails,
    UploadRequest,
    check_declared_sizes,
    content_key,
    image_id_from_upload_key,
    present,
    served_type,
    sniff_type,
    thumbnail_key,
    upload_key,
    verdict,
)
from estore.errors import ValidationFailed

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8L"
HTML = b"<!doctype html><html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg">'
SHA = hashlib.sha256(b"photo").hexdigest()
IMAGE_ID = "01KB0000000000000000000000"


@pytest.mark.parametrize(
    ("head", "expected"),
    [(JPEG, ImageType.JPEG), (PNG, ImageType.PNG), (WEBP, ImageType.WEBP)],
)
def test_jpeg_png_and_webp_are_told_from_their_magic_bytes(head: bytes, expected: ImageType) -> None:
    assert sniff_type(head) is expected


@pytest.mark.parametrize(
    "head",
    [
        HTML,
        SVG,
        b'<?xml version="1.0"?><svg/>',
        b"",
        b"\xff\xd8",  # a truncated JPEG marker
        b"RIFF\x24\x00\x00\x00WAVEfmt ",  # RIFF, but audio
        b"GIF89a\x01\x00",
    ],
)
def test_anything_else_has_no_type(head: bytes) -> None:
    assert sniff_type(head) is None


def test_the_extension_follows_the_real_type() -> None:
    assert [t.extension for t in ImageType] == ["jpg", "png", "webp"]
    assert content_key(SHA, ImageType.PNG) == f"images/{SHA}.png"


@pytest.mark.parametrize(
    ("size", "head", "expected"),
    [
        (100, PNG, ImageType.PNG),
        (1000, PNG, ImageType.PNG),
        (1001, PNG, TOO_LARGE),
        (0, b"", EMPTY),
        (100, HTML, NOT_AN_IMAGE),
        (100, SVG, NOT_AN_IMAGE),
    ],
)
def test_an_upload_is_judged_by_its_size_then_its_bytes(size: int, head: bytes, expected: object) -> None:
    assert verdict(size, head, max_bytes=1000) == expected


def test_upload_keys_round_trip_and_foreign_keys_are_not_ours() -> None:
    assert image_id_from_upload_key(upload_key(IMAGE_ID)) == IMAGE_ID
    for key in ["uploads/x.jpg", f"images/{IMAGE_ID}", f"uploads/{IMAGE_ID}/../a", "uploads/", IMAGE_ID]:
        assert image_id_from_upload_key(key) is None


def _file(**overrides: object) -> dict[str, object]:
    return {"filename": "a.jpg", "contentType": "image/jpeg", "size": 10, "sha256": SHA, **overrides}


def _fields(error: ValidationError) -> set[str]:
    return {".".join(str(part) for part in detail["loc"]) for detail in error.errors()}


def test_a_declaration_of_one_to_ten_images_is_accepted() -> None:
    request = UploadRequest.model_validate({"files": [_file(filename=f"{n}.jpg") for n in range(10)]})
    assert len(request.files) == 10
    assert request.files[0].content_type is ImageType.JPEG


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"files": []}, "files"),
        ({"files": [_file()] * 11}, "files"),
        ({}, "files"),
        ({"files": [_file(contentType="image/svg+xml")]}, "files.0.contentType"),
        ({"files": [_file(contentType="text/html")]}, "files.0.contentType"),
        ({"files": [_file(sha256="abc")]}, "files.0.sha256"),
        ({"files": [_file(sha256=SHA.upper())]}, "files.0.sha256"),
        ({"files": [_file(size=0)]}, "files.0.size"),
        ({"files": [_file(filename="")]}, "files.0.filename"),
        ({"files": [_file(extra=1)]}, "files.0.extra"),
    ],
)
def test_a_bad_declaration_names_the_field(body: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        UploadRequest.model_validate(body)
    assert field in _fields(raised.value)


def test_files_declared_over_the_store_limit_are_each_named() -> None:
    request = UploadRequest.model_validate({"files": [_file(size=2000), _file(size=1000), _file(size=1001)]})

    with pytest.raises(ValidationFailed) as raised:
        check_declared_sizes(request, max_bytes=1000)

    assert raised.value.status == 422
    assert [detail["field"] for detail in raised.value.details] == ["files.0.size", "files.2.size"]


def test_files_within_the_limit_pass() -> None:
    check_declared_sizes(UploadRequest.model_validate({"files": [_file(size=1000)]}), max_bytes=1000)


def _record(status: ImageStatus, **extra: object) -> ImageRecord:
    return ImageRecord.model_validate(
        {
            "id": IMAGE_ID,
            "owner_id": "seller",
            "status": status,
            "filename": "a.jpg",
            "declared_type": "image/jpeg",
            "declared_size": 10,
            "declared_sha256": SHA,
            "created_at": "2026-11-25T10:00:00Z",
            **extra,
        }
    )


def test_a_ready_image_shows_its_url_and_real_content() -> None:
    record = _record(ImageStatus.READY, content_type="image/png", size=9, sha256=SHA, content_key="images/x.png")

    thumbnails = Thumbnails(small="https://small", large="https://large")

    shown = present(record, "https://signed", thumbnails).model_dump()

    assert shown["url"] == "https://signed"
    assert shown["thumbnails"] == {"small": "https://small", "large": "https://large"}
    assert (shown["contentType"], shown["size"], shown["sha256"]) == ("image/png", 9, SHA)


def test_a_rejected_image_shows_its_reason_and_no_url() -> None:
    thumbnails = Thumbnails(small="https://ignored", large="https://ignored")

    shown = present(_record(ImageStatus.REJECTED, rejection_reason=TOO_LARGE), "https://ignored", thumbnails)

    assert (shown.status, shown.url, shown.thumbnails, shown.rejection_reason) == ("REJECTED", None, None, TOO_LARGE)


def test_thumbnails_sit_beside_their_image_as_webp() -> None:
    key = content_key(SHA, ImageType.PNG)

    assert [thumbnail_key(key, width) for width in (320, 1024)] == [
        f"images/{SHA}.w320.webp",
        f"images/{SHA}.w1024.webp",
    ]
    assert [served_type(k) for k in (key, thumbnail_key(key, 320))] == [ImageType.PNG, ImageType.WEBP]
