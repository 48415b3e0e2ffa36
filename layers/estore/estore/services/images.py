"""A seller's image library: declaring uploads, ingesting what actually arrived, reading the library."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from estore import blobs, clock
from estore.auth import Principal
from estore.config import get_settings
from estore.domain import images as rules
from estore.domain.ids import new_id
from estore.domain.images import (
    FileToUpload,
    Image,
    ImageRecord,
    ImageStatus,
    ImageType,
    StoredContent,
    UploadRequest,
    UploadSlot,
    UploadSlots,
)
from estore.domain.pagination import Page, decode_cursor, encode_cursor
from estore.errors import NotFound
from estore.observability import logger
from estore.store import images as store
from estore.store.uow import UnitOfWork

EXISTING, PENDING = "EXISTING", "PENDING"


class Outcome(StrEnum):
    """What ingesting one uploaded object did (logged, and what tests look at)."""

    STORED = "STORED"  # new content, entry READY
    LINKED = "LINKED"  # content already stored, entry READY, upload deleted
    REJECTED = "REJECTED"
    IGNORED = "IGNORED"  # not an upload we wait for (unknown key, already decided, already gone)


def request_uploads(principal: Principal, request: UploadRequest) -> UploadSlots:
    """One slot per declared file: EXISTING when its content is stored, else PENDING with a presigned POST.

    Every new library entry is written in one commit, so a failed request leaves nothing behind.
    """
    settings = get_settings()
    rules.check_declared_sizes(request, settings.max_image_bytes)
    hashes = [file.sha256 for file in request.files]
    stored = store.get_contents(hashes)
    owned = store.seller_contents(principal.user_id, [sha for sha in hashes if sha in stored])
    created_at = clock.iso(clock.now())
    uow = UnitOfWork(settings.table_name)
    slots: dict[str, UploadSlot] = {}  # by sha256: a file declared twice in one request gets one slot
    for file in request.files:
        if file.sha256 in slots:
            continue
        if file.sha256 in owned:
            slots[file.sha256] = UploadSlot(image_id=owned[file.sha256], status=EXISTING, upload=None)
            continue
        record = _new_entry(principal.user_id, file, created_at, stored.get(file.sha256))
        store.add_image(uow, record)
        upload = None
        if record.upload_key:
            upload = blobs.presigned_upload(record.upload_key, file.content_type, settings.max_image_bytes)
        slots[file.sha256] = UploadSlot(image_id=record.id, status=PENDING if upload else EXISTING, upload=upload)
    new_entries = len(uow)
    uow.commit()
    logger.info("uploads requested", extra={"files": len(request.files), "new_entries": new_entries})
    return UploadSlots(uploads=[slots[file.sha256] for file in request.files])


def _new_entry(seller_id: str, file: FileToUpload, created_at: str, content: StoredContent | None) -> ImageRecord:
    image_id = new_id()
    pending = ImageRecord(
        id=image_id,
        owner_id=seller_id,
        status=ImageStatus.PENDING,
        filename=file.filename,
        declared_type=file.content_type.value,
        declared_size=file.size,
        declared_sha256=file.sha256,
        upload_key=rules.upload_key(image_id),
        created_at=created_at,
    )
    if content is None:
        return pending
    return pending.model_copy(
        update={
            "status": ImageStatus.READY,
            "upload_key": None,
            "content_key": content.content_key,
            "content_type": content.content_type.value,
            "size": content.size,
            "sha256": content.sha256,
        }
    )


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
    sha256 = hashlib.sha256(data).hexdigest()
    content = store.get_content(sha256)
    outcome = Outcome.LINKED
    if content is None:
        content = StoredContent(
            sha256=sha256,
            content_key=rules.content_key(sha256, image_type),
            content_type=image_type,
            size=len(data),
            created_at=clock.iso(clock.now()),
        )
        # Bytes first, item second: a content item always has its object behind it.
        blobs.store_image(content.content_key, data, image_type)
        try:
            decided = store.mark_ready(record, content, new_content=True)
            outcome = Outcome.STORED
        except store.ContentTaken:
            # The same bytes were stored by a concurrent upload; show those (the object is identical).
            content = store.get_content(sha256) or content
            decided = store.mark_ready(record, content, new_content=False)
    else:
        decided = store.mark_ready(record, content, new_content=False)
    blobs.delete_upload(key)
    if sha256 != record.declared_sha256 or image_type.value != record.declared_type:
        logger.info("upload differs from its declaration", extra={"image_id": record.id, "type": image_type.value})
    logger.info("upload ingested", extra={"image_id": record.id, "outcome": outcome.value, "decided": decided})
    return outcome if decided else Outcome.IGNORED


def add_photo(principal: Principal, filename: str, data: bytes) -> str:
    """A photo that arrived another way than a browser POST (inside an import's ZIP), through the browser's
    path: the same checks first, then declared (stored content is reused), written to its upload key and
    ingested. Returns the READY image id; ValueError with the reason when the photo is refused (nothing kept)."""
    verdict = rules.verdict(len(data), data[:16], get_settings().max_image_bytes)
    if not isinstance(verdict, ImageType):
        raise ValueError(verdict)
    declared = FileToUpload(
        filename=filename[-255:], content_type=verdict, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
    slot = request_uploads(principal, UploadRequest(files=[declared])).uploads[0]
    if slot.status == PENDING:
        key = rules.upload_key(slot.image_id)
        blobs.write_file(key, data, verdict.value)
        ingest_upload(key)  # the bucket's own notification may win the race; either decides the entry once
    record = store.get_image(slot.image_id, consistent=True)
    if record is None or record.status is not ImageStatus.READY:
        raise ValueError(record.rejection_reason if record and record.rejection_reason else NOT_READY)
    return record.id


NOT_READY = "could not be stored"


def list_images(principal: Principal, limit: int, cursor: str | None) -> Page[Image]:
    """The caller's library, newest first."""
    secret = get_settings().require("cursor_secret")
    scope = f"seller-images:{principal.user_id}"
    start = decode_cursor(cursor, secret=secret, scope=scope)
    records, last = store.list_seller_images(principal.user_id, limit, start)
    return Page[Image](
        items=[_present(record) for record in records], next_cursor=encode_cursor(last, secret=secret, scope=scope)
    )


def get_image(principal: Principal, image_id: str) -> Image:
    """One of the caller's own entries; another seller's is reported missing, not forbidden."""
    record = store.get_image(image_id)
    if record is None or record.owner_id != principal.user_id:
        raise NotFound(f"No image {image_id} in your library.")
    return _present(record)


def _present(record: ImageRecord) -> Image:
    ready = record.status is ImageStatus.READY and record.content_key is not None
    return rules.present(record, blobs.image_url(str(record.content_key)) if ready else None)
