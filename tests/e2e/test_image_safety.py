"""Uploads an attacker or a phone would send, over the local cloud: what is served is only ever an image
the ingest function encoded itself, with its type and an inline disposition signed into its URL."""

import io

import httpx
import pytest
from PIL import Image

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import User, png, seller, sha256, wait_no_uploads_left

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
GPS_IFD = 0x8825


@pytest.fixture(scope="module")
def uploader(cloud: LocalCloud) -> User:
    return seller(cloud)


def test_given_a_png_signature_followed_by_html_when_uploaded_then_rejected_and_never_served(
    cloud: LocalCloud, uploader: User
) -> None:
    polyglot = b"\x89PNG\r\n\x1a\n" + HTML

    image = uploader.upload(polyglot, filename="page.png")

    assert (image["status"], image["rejectionReason"], image["url"]) == (
        "REJECTED",
        "not a JPEG, PNG or WebP image",
        None,
    )
    assert [key for key in wait_no_uploads_left(cloud) if sha256(polyglot) in key] == []


def test_given_html_after_a_real_png_when_uploaded_then_served_re_encoded_as_an_inline_png(
    cloud: LocalCloud, uploader: User
) -> None:
    polyglot = png() + HTML

    image = uploader.upload(polyglot, filename="page.png")

    assert image["status"] == "READY", image
    served = httpx.get(image["url"])
    assert served.status_code == 200
    assert b"<script" not in served.content
    assert served.headers["content-type"] == "image/png"
    assert served.headers["content-disposition"] == f'inline; filename="{sha256(polyglot)}.png"'
    assert Image.open(io.BytesIO(served.content)).format == "PNG"


def test_given_a_phone_photo_with_a_gps_position_when_uploaded_then_served_without_exif(
    cloud: LocalCloud, uploader: User
) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    photo = out.getvalue()

    image = uploader.upload(photo, content_type="image/jpeg", filename="IMG_0001.jpg")

    assert image["status"] == "READY", image
    served = httpx.get(image["url"]).content
    assert dict(Image.open(io.BytesIO(served)).getexif()) == {}
    assert b"PhoneMaker" not in served


def test_given_an_uploaded_image_when_its_thumbnails_are_fetched_then_webp_no_larger_than_their_size(
    cloud: LocalCloud, uploader: User
) -> None:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 30, 30)).save(out, "PNG")

    image = uploader.upload(out.getvalue(), filename="wide.png")

    assert image["status"] == "READY", image
    shown = {}
    for name, url in image["thumbnails"].items():
        served = httpx.get(url)
        assert served.headers["content-type"] == "image/webp"
        shown[name] = Image.open(io.BytesIO(served.content)).size
    assert shown == {"small": (320, 240), "large": (1024, 768)}
