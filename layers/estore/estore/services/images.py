"""A seller's image library: declaring uploads and reading the library (ingesting is `image_ingest`)."""

from __future__ import annotations

import hashlib

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
    UploadRequest,
    UploadSlot,
    UploadSlots,
)
from estore.domain.pagination import Page
from estore.errors import NotFound
from estore.observability import logger
from estore.services.paging import each, paged
from estore.services.products import active_seller
from estore.store import images as store
from estore.store.uow import UnitOfWork

EXISTING, PENDING = "EXISTING", "PENDING"


def request_uploads(principal: Principal, request: UploadRequest) -> UploadSlots:
    """One slot per declared file: EXISTING when the caller's own library already holds that content,
    else a new PENDING entry with a presigned POST.

    Only the caller's own library is consulted: whether some other seller holds the same file is never
    looked at here, so the answer cannot tell (and a declared hash alone never grants anyone's bytes).
    The ingest function stores identical uploads once. Every new entry is written in one commit, so a
    failed request leaves nothing behind.
    """
    active_seller(principal)  # a suspended store changes nothing, its library included
    settings = get_settings()
    rules.check_declared_sizes(request, settings.max_image_bytes)
    owned = store.seller_contents(principal.user_id, [file.sha256 for file in request.files])
    created_at = clock.iso(clock.now())
    uow = UnitOfWork(settings.table_name)
    slots: dict[str, UploadSlot] = {}  # by sha256: a file declared twice in one request gets one slot
    for file in request.files:
        if file.sha256 in slots:
            continue
        if file.sha256 in owned:
            slots[file.sha256] = UploadSlot(image_id=owned[file.sha256], status=EXISTING, upload=None)
            continue
        record = _new_entry(principal.user_id, file, created_at)
        store.add_image(uow, record)
        upload = blobs.presigned_upload(str(record.upload_key), file.content_type, settings.max_image_bytes)
        slots[file.sha256] = UploadSlot(image_id=record.id, status=PENDING, upload=upload)
    new_entries = len(uow)
    uow.commit()
    logger.info("uploads requested", extra={"files": len(request.files), "new_entries": new_entries})
    return UploadSlots(uploads=[slots[file.sha256] for file in request.files])


def _new_entry(seller_id: str, file: FileToUpload, created_at: str) -> ImageRecord:
    image_id = new_id()
    return ImageRecord(
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
        # Imported here: it brings Pillow (the imaging layer), which only the functions that ingest carry.
        from estore.services.image_ingest import ingest_upload

        ingest_upload(key)  # the bucket's own notification may win the race; either decides the entry once
    record = store.get_image(slot.image_id, consistent=True)
    if record is None or record.status is not ImageStatus.READY:
        raise ValueError(record.rejection_reason if record and record.rejection_reason else NOT_READY)
    return record.id


NOT_READY = "could not be stored"


def list_images(principal: Principal, limit: int, cursor: str | None) -> Page[Image]:
    """The caller's library, newest first."""
    return paged(
        f"seller-images:{principal.user_id}",
        cursor,
        lambda start: store.list_seller_images(principal.user_id, limit, start),
        each(_present),
    )


def get_image(principal: Principal, image_id: str) -> Image:
    """One of the caller's own entries; another seller's is reported missing, not forbidden."""
    record = store.get_image(image_id)
    if record is None or record.owner_id != principal.user_id:
        raise NotFound(f"No image {image_id} in your library.")
    return _present(record)


def _present(record: ImageRecord) -> Image:
    if record.status is not ImageStatus.READY or record.content_key is None:
        return rules.present(record, None, None)
    return rules.present(record, blobs.image_url(record.content_key), blobs.thumbnail_urls(record.content_key))
