"""Bulk import, the seller's side: ask for an upload, follow the import, read its errors.

The upload's ObjectCreated notification starts the Import workflow (`start_import`); its steps are in
services.import_workflow.
"""

from __future__ import annotations

from typing import Any

from estore import blobs, clock, workflows
from estore.auth import Principal
from estore.config import get_settings
from estore.domain import imports as rules
from estore.domain.ids import new_id
from estore.domain.imports import ImportCreated, ImportStatus, ImportView, NewImport, RowError
from estore.domain.pagination import Page
from estore.errors import NotFound
from estore.observability import logger
from estore.services.paging import each, paged
from estore.services.products import active_seller
from estore.store import imports as store
from estore.store import keys
from estore.store.items import query_page

LIST_LIMIT = 50  # the page size of GET /imports unless the client asks for another


def create_import(principal: Principal, request: NewImport, *, correlation_id: str) -> ImportCreated:
    """POST /imports: a PENDING import and a presigned POST for its file (50 MB, 15 minutes)."""
    seller = active_seller(principal)
    import_id = new_id()
    now = clock.iso(clock.now())
    record = {
        "id": import_id,
        "sellerId": seller.id,
        "filename": request.filename,
        "contentType": request.content_type,
        "size": request.size,
        "status": ImportStatus.PENDING.value,
        "rows": 0,
        "processed": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "errors": [],
        "createdAt": now,
        "updatedAt": now,
        "correlationId": correlation_id,
    }
    store.add_import(record)
    upload = blobs.presigned_file_upload(rules.upload_key(import_id), request.content_type, rules.MAX_FILE_BYTES)
    logger.info("import requested", extra={"import_id": import_id, "content_type": request.content_type})
    return ImportCreated(import_id=import_id, upload=upload)


def list_imports(principal: Principal, limit: int = LIST_LIMIT, cursor: str | None = None) -> Page[ImportView]:
    """GET /imports: a page of the caller's imports, newest first."""
    active_seller(principal)
    partition = keys.seller_imports_partition(principal.user_id)
    return paged(
        partition,
        cursor,
        lambda start: query_page(partition, index="gsi1", limit=limit, start=start),
        each(present),
    )


def get_import(principal: Principal, import_id: str) -> ImportView:
    """GET /imports/{id}: another seller's import is reported missing, not forbidden."""
    active_seller(principal)
    record = store.get_import(import_id)
    if record is None or record["sellerId"] != principal.user_id:
        raise NotFound(f"No import {import_id}.")
    return present(record)


def present(record: dict[str, Any]) -> ImportView:
    report = record.get("errorReportKey")
    return ImportView(
        import_id=record["id"],
        filename=record["filename"],
        content_type=record["contentType"],
        status=ImportStatus(record["status"]),
        rows=int(record.get("rows", 0)),
        processed=int(record.get("processed", 0)),
        created=int(record.get("created", 0)),
        updated=int(record.get("updated", 0)),
        unchanged=int(record.get("unchanged", 0)),
        failed=int(record.get("failed", 0)),
        errors=[RowError.model_validate(error) for error in record.get("errors", [])],
        error_report=blobs.download_url(str(report), f"errors-{record['id']}.csv") if report else None,
        created_at=record["createdAt"],
        updated_at=record["updatedAt"],
    )


def start_import(key: str) -> str:
    """The upload arrived: start the import's workflow, named after the import so a repeated
    notification (S3 delivers at least once) cannot start it twice. Returns what happened."""
    import_id = rules.import_id_from_upload_key(key)
    record = store.get_import(import_id) if import_id else None
    if record is None or record["status"] != ImportStatus.PENDING.value:
        logger.info("upload not awaited", extra={"key": key})
        return "IGNORED"
    machine = get_settings().require("import_state_machine_arn")
    payload = {"importId": record["id"], "bucket": blobs.images_bucket(), "uploadKey": key}
    started = workflows.start(machine, payload, name=record["id"])
    logger.info("import started", extra={"import_id": record["id"], "started": started})
    return "STARTED" if started else "ALREADY_STARTED"
