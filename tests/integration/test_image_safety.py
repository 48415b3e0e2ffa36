"""What is stored is what the ingest function encoded: polyglots, metadata and bombs never reach the bucket.

Every upload is decoded and written anew with Pillow, so a file that only starts like an image is
refused, anything hidden after or beside the pixels is dropped, and each image gets WebP thumbnails.
"""

import hashlib
import io
import struct
import uuid
import zlib

import pytest
import requests
from PIL import Image

from tests.integration.conftest import Cloud, User, make_seller
from tests.integration.images_support import HTML, Images, declared, picture, png
from tests.integration.search_support import Bus, create, search

CURSOR_SECRET = "test-cursor-secret"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def images(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> Images:
    monkeypatch.setenv("CURSOR_SECRET", CURSOR_SECRET)
    return Images(cloud)


@pytest.fixture
def seller(cloud: Cloud) -> User:
    return make_seller(cloud, f"Bricks {uuid.uuid4().hex[:6]}")


def ingest(images: Images, seller: User, data: bytes, content_type: str, filename: str) -> dict:
    """Declare, POST and ingest `data`; the entry as the seller then sees it."""
    (slot,) = images.declare(seller, declared(data, content_type, filename)).body["uploads"]
    images.post(slot["upload"], data, filename)
    images.notify(slot["upload"]["fields"]["key"])
    shown: dict = images.get(seller, slot["imageId"]).body
    return shown


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def gray_png(width: int, height: int) -> bytes:
    """A black greyscale PNG: a few KB that claim width x height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def phone_photo(size: tuple[int, int] = (16, 8), orientation: int = 1) -> bytes:
    """A JPEG as phones write them: EXIF with a GPS position, the camera and an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    return picture("JPEG", 5, size, exif=exif.tobytes())


# ---------------------------------------------------------------- polyglots
def test_a_png_signature_followed_by_html_is_rejected(images: Images, seller: User) -> None:
    polyglot = b"\x89PNG\r\n\x1a\n" + HTML

    shown = ingest(images, seller, polyglot, "image/png", "page.png")

    assert (shown["status"], shown["rejectionReason"], shown["url"]) == (
        "REJECTED",
        "not a JPEG, PNG or WebP image",
        None,
    )
    assert images.keys() == []


def test_html_after_a_valid_png_is_not_stored(images: Images, seller: User) -> None:
    polyglot = png(width=4, height=4, seed=7) + HTML

    shown = ingest(images, seller, polyglot, "image/png", "page.png")

    stored = images.read(f"images/{hashlib.sha256(polyglot).hexdigest()}.png")
    assert shown["status"] == "READY"
    assert b"<script" not in stored
    assert Image.open(io.BytesIO(stored)).size == (4, 4)


def test_html_in_a_png_text_chunk_is_not_stored(images: Images, seller: User) -> None:
    plain = png(width=4, height=4, seed=8)
    polyglot = plain[:-12] + png_chunk(b"tEXt", b"Comment\x00" + HTML) + plain[-12:]

    ingest(images, seller, polyglot, "image/png", "page.png")

    assert b"<script" not in images.read(f"images/{hashlib.sha256(polyglot).hexdigest()}.png")


def test_a_jpeg_head_with_garbage_behind_it_is_rejected(images: Images, seller: User) -> None:
    shown = ingest(images, seller, b"\xff\xd8\xff\xe0" + HTML, "image/jpeg", "photo.jpg")

    assert shown["status"] == "REJECTED"
    assert images.keys() == []


# ---------------------------------------------------------------- metadata
def test_gps_and_camera_exif_are_removed_from_a_phone_photo(images: Images, seller: User) -> None:
    photo = phone_photo()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(GPS_IFD)  # the upload really carries a position

    shown = ingest(images, seller, photo, "image/jpeg", "IMG_0001.jpg")

    stored = requests.get(shown["url"], timeout=5).content
    assert shown["status"] == "READY"
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    assert b"PhoneMaker" not in stored


def test_a_photo_taken_sideways_is_stored_upright(images: Images, seller: User) -> None:
    photo = phone_photo(size=(16, 8), orientation=6)  # "rotate 90 degrees to show"

    shown = ingest(images, seller, photo, "image/jpeg", "IMG_0002.jpg")

    stored = requests.get(shown["url"], timeout=5).content
    assert Image.open(io.BytesIO(stored)).size == (8, 16)


# ---------------------------------------------------------------- bombs
def test_a_small_file_claiming_too_many_pixels_is_rejected_without_decoding(images: Images, seller: User) -> None:
    bomb = gray_png(8000, 6000)  # 48 megapixels in a few kilobytes

    shown = ingest(images, seller, bomb, "image/png", "bomb.png")

    assert (shown["status"], shown["rejectionReason"]) == ("REJECTED", "larger than 40 megapixels")
    assert images.keys() == []


# ---------------------------------------------------------------- thumbnails and how images are served
def test_an_image_gets_webp_thumbnails_of_320_and_1024_px(images: Images, seller: User) -> None:
    data = picture("PNG", 9, (2000, 1000))

    shown = ingest(images, seller, data, "image/png", "wide.png")

    sizes = {}
    for name, url in shown["thumbnails"].items():
        thumbnail = Image.open(io.BytesIO(requests.get(url, timeout=5).content))
        sizes[name] = (thumbnail.format, thumbnail.size)
    assert sizes == {"small": ("WEBP", (320, 160)), "large": ("WEBP", (1024, 512))}


def test_a_small_image_is_never_enlarged_for_its_thumbnails(images: Images, seller: User) -> None:
    shown = ingest(images, seller, picture("PNG", 10, (100, 50)), "image/png", "small.png")

    for url in shown["thumbnails"].values():
        assert Image.open(io.BytesIO(requests.get(url, timeout=5).content)).size == (100, 50)


def test_images_and_thumbnails_are_served_with_their_type_and_inline_disposition(images: Images, seller: User) -> None:
    data = png(width=2, height=2, seed=11)
    sha = hashlib.sha256(data).hexdigest()

    shown = ingest(images, seller, data, "image/jpeg", "holiday.jpg")  # declared wrong on purpose

    image = requests.get(shown["url"], timeout=5)
    thumbnail = requests.get(shown["thumbnails"]["small"], timeout=5)
    assert (image.headers["Content-Type"], image.headers["Content-Disposition"]) == (
        "image/png",
        f'inline; filename="{sha}.png"',
    )
    assert (thumbnail.headers["Content-Type"], thumbnail.headers["Content-Disposition"]) == (
        "image/webp",
        f'inline; filename="{sha}.w320.webp"',
    )


def test_product_pages_and_search_results_show_the_small_thumbnail(images: Images, seller: User, bus: Bus) -> None:
    data = picture("PNG", 12, (640, 480))
    image_id = images.upload(seller, data, content_type="image/png", filename="falcon.png")
    sha = hashlib.sha256(data).hexdigest()

    product = create(images.cloud, seller, "Millennium Falcon", imageIds=[image_id])
    bus.deliver()

    page = images.cloud.call("GET", f"/products/{product['id']}").body
    (found,) = search(images.cloud, q="Falcon").body["items"]
    assert f"images/{sha}.w320.webp" in page["thumbnail"]
    assert f"images/{sha}.w1024.webp" in page["images"][0]["thumbnails"]["large"]
    assert f"images/{sha}.w320.webp" in found["thumbnail"]
    assert f"images/{sha}.png" in found["image"]
    assert Image.open(io.BytesIO(requests.get(found["thumbnail"], timeout=5).content)).size == (320, 240)
