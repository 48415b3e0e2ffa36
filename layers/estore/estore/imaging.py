"""Pillow: decode an upload and re-encode it, so only pixels we wrote ever reach the bucket.

Re-encoding is the defence, not the sniffing: a file whose first bytes say PNG but whose rest is HTML
(a polyglot) either fails to decode or comes out as a plain PNG without the HTML; EXIF (GPS position,
camera serial), XMP, comments and text chunks are not carried over. Only the ICC colour profile is kept,
so wide-gamut phone photos keep their colours.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from estore.domain.images import THUMBNAIL_WIDTHS, ImageType

# Far above any photo a seller needs, far below what a few hundred KB of PNG can claim to hold
# (a "decompression bomb"): 40 MP of RGBA is 160 MB decoded, inside the ingest function's memory.
MAX_PIXELS = 40_000_000
_FORMATS = {"JPEG": ImageType.JPEG, "PNG": ImageType.PNG, "WEBP": ImageType.WEBP}
_JPEG_QUALITY, _WEBP_QUALITY = 90, 82


class Undecodable(Exception):
    """The bytes are not an image Pillow can decode as the type they claim (or too many pixels)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Processed:
    """What is stored: the re-encoded image in its own type, and a WebP thumbnail per width."""

    image_type: ImageType
    data: bytes
    width: int
    height: int
    thumbnails: dict[int, bytes]


def reencode(data: bytes, expected: ImageType) -> Processed:
    """Decodes `data` (which must really be `expected`), applies its EXIF orientation, and writes it anew.

    Raises Undecodable with a reason a seller can read.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(
                io.BytesIO(data), formats=[name for name, kind in _FORMATS.items() if kind is expected]
            ) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise Undecodable(f"larger than {MAX_PIXELS // 1_000_000} megapixels")
                opened.seek(0)  # an animated WebP or APNG keeps its first frame
                opened.load()
                icc = opened.info.get("icc_profile")
                # Turn the pixels upright before the EXIF that says how is dropped.
                image = ImageOps.exif_transpose(opened)
                # Pillow's encoders carry some of `info` over (JPEG comments, XMP): start from nothing.
                image.info = {}
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise Undecodable("not a JPEG, PNG or WebP image") from error
    encoded = _encode(image, expected, icc if isinstance(icc, bytes) else None)
    thumbnails = {width: _thumbnail(image, width) for width in THUMBNAIL_WIDTHS}
    return Processed(expected, encoded, image.width, image.height, thumbnails)


def _encode(image: Image.Image, image_type: ImageType, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if image_type is ImageType.JPEG:
        rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
        rgb.save(out, "JPEG", quality=_JPEG_QUALITY, optimize=True, **extra)
    elif image_type is ImageType.PNG:
        image.save(out, "PNG", optimize=True, **extra)
    else:
        lossless = image.mode in ("P", "1", "L", "LA", "RGBA") and image.width * image.height <= 1024 * 1024
        image.save(out, "WEBP", quality=_WEBP_QUALITY, lossless=lossless, **extra)
    return out.getvalue()


def _thumbnail(image: Image.Image, width: int) -> bytes:
    """At most `width` px on the longer side (never enlarged), WebP, no metadata at all."""
    small = image.convert("RGBA" if _has_alpha(image) else "RGB")
    small.thumbnail((width, width), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=_WEBP_QUALITY)
    return out.getvalue()


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
