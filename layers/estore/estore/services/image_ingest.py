"""Ingesting an upload: what actually arrived is checked, decoded and re-encoded, then stored once."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from estore import blobs, clock, imaging
from estore.config import get_settings
from estore.domain import images as rules
from estore.domain.images import ImageRecord, ImageStatus, ImageType, StoredContent
from estore.observability import logger
from estore.store import images as store


class Outcome(StrEnum):
    """What ingesting one uploaded object did (logged, and what tests look at)."""

    STORED = "STORED"  # new content, entry READY
    LINKED = "LINKED"  # the same bytes were stored before, entry READY showing them, upload deleted
    REJECTED = "REJECTED"
    IGNORED = "IGNORED"  # not an upload we wait for (unknown key, already decided, already gone)


def ingest_upload(key: str) -> Outcome:
    """Checks what really arrived at an upload key and decides its entry: READY (stored or linked) or REJECTED.

    Safe to run any number of times for the same object (S3 delivers notifications at least once):
    every decision is conditional on the entry still being PENDING, and the upload is deleted last.
    """
    image_id = rules.image_id_from_upload_key(key)
    record = store.get_image(image_id, consistent=True) if image_id else None
    if record is None or record.status is not ImageStatus.PENDING or record.upload_key != key:
        # Not an upload we wait for: a stray key, or a second POST to an already decided entry.
        logger.info("upload not awaited; deleted", extra={"key": key, "image_id": image_id})
        blobs.delete_upload(key)
        return Outcome.IGNORED
    max_bytes = get_settings().max_image_bytes
    size = blobs.upload_size(key)
    if size is not None and size > max_bytes:
        return _reject(record, key, rules.TOO_LARGE)
    # Bounded read: one byte over the limit is enough to tell an object replaced since the HEAD.
    data = blobs.read_upload(key, max_bytes + 1) if size is not None else None
    if data is None:
        logger.info("upload already gone", extra={"key": key, "image_id": record.id})
        return Outcome.IGNORED
    verdict = rules.verdict(len(data), data[:16], max_bytes)
    if not isinstance(verdict, ImageType):
        return _reject(record, key, verdict)
    return _accept(record, key, data, verdict)


def _reject(record: ImageRecord, key: str, reason: str) -> Outcome:
    decided = store.mark_rejected(record.id, reason)
    blobs.delete_upload(key)
    logger.info("upload rejected", extra={"image_id": record.id, "reason": reason, "decided": decided})
    return Outcome.REJECTED if decided else Outcome.IGNORED


def _accept(record: ImageRecord, key: str, data: bytes, image_type: ImageType) -> Outcome:
    # The hash is computed here from the bytes that arrived; the declared one is never trusted.
    sha256 = hashlib.sha256(data).hexdigest()
    # Decoded even when these bytes are stored already: the work (and so how soon the entry turns
    # READY) must not tell the uploader whether someone else had uploaded the same file.
    try:
        processed = imaging.reencode(data, image_type)
    except imaging.Undecodable as undecodable:
        return _reject(record, key, undecodable.reason)
    content = store.get_content(sha256)
    if content is not None:
        # These exact bytes were uploaded and stored before: link to them, no second copy.
        decided = store.mark_ready(record, content, new_content=False)
        return _done(record, key, Outcome.LINKED, decided, image_type)
    content = StoredContent(
        sha256=sha256,
        content_key=rules.content_key(sha256, image_type),
        content_type=image_type,
        size=len(processed.data),
        created_at=clock.iso(clock.now()),
    )
    # Bytes first, item second: a content item always has its objects behind it. A concurrent ingest of
    # the same bytes writes the same keys with the same pixels, so the race is harmless.
    for width, thumbnail in processed.thumbnails.items():
        blobs.store_image(rules.thumbnail_key(content.content_key, width), thumbnail, ImageType.WEBP)
    blobs.store_image(content.content_key, processed.data, image_type)
    try:
        decided = store.mark_ready(record, content, new_content=True)
        outcome = Outcome.STORED
    except store.ContentTaken:
        content = store.get_content(sha256) or content
        decided = store.mark_ready(record, content, new_content=False)
        outcome = Outcome.LINKED
    return _done(record, key, outcome, decided, image_type)


def _done(record: ImageRecord, key: str, outcome: Outcome, decided: bool, image_type: ImageType) -> Outcome:
    blobs.delete_upload(key)
    if image_type.value != record.declared_type:
        logger.info("upload differs from its declaration", extra={"image_id": record.id, "type": image_type.value})
    logger.info("upload ingested", extra={"image_id": record.id, "outcome": outcome.value, "decided": decided})
    return outcome if decided else Outcome.IGNORED
