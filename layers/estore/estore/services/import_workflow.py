"""The Import workflow's steps (statemachines/import_products.asl.json):

Validate   reads the upload, refuses a bad file, stores a ZIP's photos (the browser's path, deduplicated),
           and writes the rows the Distributed Map reads;
ImportBatch  up to 25 rows: each row is one product created or updated by its sku, in one transaction
           with the row's outcome, so a re-run batch skips what is done and emits nothing twice;
Summarize  counts the outcomes, writes the error report, ends the import and emits ImportCompleted.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from estore import blobs, clock
from estore.auth import Principal, Role
from estore.config import get_settings
from estore.domain import import_files as files
from estore.domain import imports as rules
from estore.domain.identity import SellerProfile
from estore.domain.imports import CellError, ImportStatus, RowOutcome, RowRejected
from estore.errors import Conflict, DomainError
from estore.observability import logger
from estore.services import images as image_service
from estore.services.product_import import import_product
from estore.services.products import active_seller
from estore.store import identity as identity_store
from estore.store import imports as store
from estore.store.uow import UnitOfWork

Step = dict[str, Any]
ROW_DONE = "ROW_DONE"


def _principal(seller_id: str) -> Principal:
    return Principal(user_id=seller_id, username=seller_id, email=None, roles=frozenset({Role.SELLERS.value}))


# ---------------------------------------------------------------- Validate
def validate(event: Step) -> Step:
    import_id = str(event["importId"])
    record = store.get_import(import_id)
    if record is None or ImportStatus(record["status"]) in rules.FINAL:
        return {"importId": import_id, "valid": False}
    if record.get("rowsKey"):  # validated before this execution was re-run: the rows are ready
        return _valid(record)
    store.set_fields(import_id, {"status": ImportStatus.VALIDATING.value, "updatedAt": clock.iso(clock.now())})
    upload_key = str(event["uploadKey"])
    try:
        size = blobs.upload_size(upload_key)
        if size is None:
            raise files.FileRefused(["the upload is gone; start a new import"])
        if size > rules.MAX_FILE_BYTES:
            raise files.FileRefused([f"the file is {size} bytes; at most {rules.MAX_FILE_BYTES}"])
        data = blobs.read_upload(upload_key, rules.MAX_FILE_BYTES + 1) or b""
        unpacked = files.unpack_zip(data) if files.is_zip(data) else files.Unpacked(csv=data)
        rows = files.read_rows(unpacked.csv)
    except files.FileRefused as refused:
        blobs.delete_upload(upload_key)
        _refuse(record, refused.problems)
        return {"importId": import_id, "valid": False}
    photos, rejected = _store_photos(record["sellerId"], unpacked.photos)
    ready, early = _set_aside(import_id, rows)
    store.put_rows(early)
    rows_key = rules.rows_key(import_id)
    blobs.write_file(rows_key, files.write_rows(ready, (files.ROW_COLUMN, *rules.COLUMNS)), "text/csv")
    fields = {
        "status": ImportStatus.RUNNING.value,
        "rows": len(rows),
        "processed": len(early),
        "rowsKey": rows_key,
        "photos": photos,
        "rejectedPhotos": rejected,
        "updatedAt": clock.iso(clock.now()),
    }
    store.set_fields(import_id, fields)
    blobs.delete_upload(upload_key)
    logger.info("import validated", extra={"import_id": import_id, "rows": len(rows), "photos": len(photos)})
    return _valid({**record, **fields})


def _valid(record: dict[str, Any]) -> Step:
    return {
        "importId": record["id"],
        "valid": True,
        "bucket": blobs.images_bucket(),
        "rowsKey": record["rowsKey"],
        "rows": int(record["rows"]),
    }


def _store_photos(seller_id: str, photos: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """Each photo through the browser upload's checks and dedup: name -> image id, or name -> why refused."""
    stored: dict[str, str] = {}
    rejected: dict[str, str] = {}
    principal = _principal(seller_id)
    for name, data in photos.items():
        try:
            image_id = image_service.add_photo(principal, name.rsplit("/", 1)[-1], data)
        except ValueError as refused:
            rejected[name] = str(refused)
            continue
        stored[name] = image_id
    # A photo may be named by its path in the ZIP or by its file name alone, when that is unambiguous.
    for table in (stored, rejected):
        short = {}
        for name, value in table.items():
            base = name.rsplit("/", 1)[-1]
            if base != name and base not in table:
                short[base] = value if base not in short else ""
        table.update({base: value for base, value in short.items() if value})
    return stored, rejected


def _set_aside(import_id: str, rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Rows that fail before any product is looked at (a repeated sku, too many cells) get their outcome now."""
    ready: list[dict[str, str]] = []
    early: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    for row in rows:
        number = int(row[files.ROW_COLUMN])
        sku = (row.get("sku") or "").strip()
        problem: CellError | None = None
        if "__extra__" in row:
            problem = CellError(None, f"the row has {row['__extra__']} cells; the header names fewer")
        elif sku and sku in first_row:
            problem = CellError("sku", f"sku {sku} is already on row {first_row[sku]} of this file")
        if problem is not None:
            early.append(_failed(import_id, number, row, [problem]))
            continue
        if sku:
            first_row[sku] = number
        ready.append(row)
    return ready, early


def _refuse(record: dict[str, Any], problems: list[str]) -> None:
    errors = [{"row": 0, "column": None, "message": problem} for problem in problems[: rules.MAX_ERRORS_SHOWN]]
    _finish(record, {"status": ImportStatus.FAILED.value, "errors": errors})
    logger.info("import refused", extra={"import_id": record["id"], "problems": problems[:5]})


# ---------------------------------------------------------------- ImportBatch
def import_batch(event: Step) -> Step:
    """One Distributed Map batch: {"Items": [row, ...], "BatchInput": {"importId"}}."""
    import_id = str(event["BatchInput"]["importId"])
    record = store.get_import(import_id)
    if record is None:
        raise LookupError(f"no import {import_id}")
    rows = {int(item[files.ROW_COLUMN]): item for item in event["Items"]}
    todo = {number: row for number, row in rows.items() if number not in store.rows_done(import_id, rows)}
    seller = identity_store.get_seller(record["sellerId"])
    outcomes: list[dict[str, Any]] = []
    try:
        active_seller(_principal(record["sellerId"]))
    except DomainError as refused:
        outcomes = [_failed(import_id, n, row, [CellError(None, refused.message)]) for n, row in todo.items()]
        todo = {}
    assert seller is not None or not todo
    for number, row in todo.items():
        outcome = _import_row(record, seller, number, row)  # type: ignore[arg-type]
        if outcome is not None:
            outcomes.append(outcome)
    store.put_rows(outcomes)
    if todo or outcomes:
        store.count_processed(import_id, len(todo) if todo else len(outcomes))
    return {"rows": len(rows)}


def _import_row(
    record: dict[str, Any], seller: SellerProfile, number: int, row: dict[str, str]
) -> dict[str, Any] | None:
    """The row's outcome item when it still has to be written (failed, unchanged); None when the product's
    transaction wrote it."""
    import_id = record["id"]
    try:
        request = rules.parse_row(
            row, currency=get_settings().currency, resolve_images=lambda names: _image_ids(record, names)
        )

        def add_writes(uow: UnitOfWork, outcome: RowOutcome, product_id: str) -> None:
            item = store.row_item(import_id, number, outcome.value, [], product_id)
            store.add_row_outcome(uow, item, Conflict("This row was already imported.", code=ROW_DONE))

        outcome, product_id = import_product(
            seller, request, correlation_id=f"import-{import_id}", add_writes=add_writes
        )
    except RowRejected as rejected:
        return _failed(import_id, number, row, rejected.errors)
    except CellError as error:
        return _failed(import_id, number, row, [error])
    except DomainError as error:
        if error.code == ROW_DONE:
            return None  # a concurrent retry of this batch got there first
        return _failed(import_id, number, row, _domain_cells(error))
    if outcome is RowOutcome.UNCHANGED:
        return store.row_item(import_id, number, outcome.value, [], product_id)
    return None


def _image_ids(record: dict[str, Any], names: list[str]) -> list[str]:
    photos: dict[str, str] = record.get("photos") or {}
    rejected: dict[str, str] = record.get("rejectedPhotos") or {}
    ids = []
    for name in names:
        if name in photos:
            ids.append(photos[name])
        elif name in rejected:
            raise CellError("images", f"photo {name}: {rejected[name]}")
        elif _looks_like_image_id(name):
            ids.append(name)  # from the seller's library: the CreateImages rules check it
        else:
            raise CellError("images", f"{name}: no such photo in the ZIP and no such image in your library")
    return ids


def _looks_like_image_id(name: str) -> bool:
    return 1 <= len(name) <= 64 and all(ch.isalnum() or ch in "_-" for ch in name) and name.isascii()


def _domain_cells(error: DomainError) -> list[CellError]:
    if error.details:
        cells = []
        for detail in error.details:
            field = str(detail.get("field", ""))
            column = "images" if field.startswith("imageIds") else rules._column_of(tuple(field.split(".")))
            cells.append(CellError(column, f"{column or 'row'}: {detail.get('message', error.message)}"))
        return cells
    return [CellError("sku" if error.code == "SKU_TAKEN" else None, error.message)]


def _failed(import_id: str, number: int, row: dict[str, str], errors: list[CellError]) -> dict[str, Any]:
    item = store.row_item(
        import_id,
        number,
        RowOutcome.FAILED.value,
        [{"row": number, "column": error.column, "message": error.message} for error in errors],
        None,
    )
    item["cells"] = {column: row.get(column, "") for column in rules.COLUMNS if column in row}
    return item


# ---------------------------------------------------------------- Summarize
def summarize(event: Step) -> Step:
    import_id = str(event["importId"])
    record = store.get_import(import_id)
    if record is None or ImportStatus(record["status"]) in rules.FINAL:
        return {"importId": import_id, "status": record["status"] if record else None}
    outcomes = {int(item["row"]): item for item in store.all_rows(import_id)}
    if len(outcomes) < int(record.get("rows", 0)) and record.get("rowsKey"):
        _add_unprocessed(record, outcomes)
    counts = {outcome.value: 0 for outcome in RowOutcome}
    for item in outcomes.values():
        counts[item["outcome"]] += 1
    failed = [outcomes[number] for number in sorted(outcomes) if outcomes[number]["outcome"] == RowOutcome.FAILED.value]
    errors = [error for item in failed for error in item["errors"]][: rules.MAX_ERRORS_SHOWN]
    fields: dict[str, Any] = {
        "rows": len(outcomes),
        "processed": len(outcomes),
        "created": counts["created"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
        "failed": counts["failed"],
        "errors": errors,
    }
    if failed:
        report_rows = [
            {**item.get("cells", {}), rules.ERROR_COLUMN: "; ".join(error["message"] for error in item["errors"])}
            for item in failed
        ]
        key = rules.report_key(import_id)
        blobs.write_file(key, files.write_rows(report_rows, (*rules.COLUMNS, rules.ERROR_COLUMN)), "text/csv")
        fields["errorReportKey"] = key
    if not failed:
        fields["status"] = ImportStatus.SUCCEEDED.value
    elif len(failed) == len(outcomes):
        fields["status"] = ImportStatus.FAILED.value
    else:
        fields["status"] = ImportStatus.PARTIAL.value
    _finish(record, fields)
    return {"importId": import_id, "status": fields["status"]}


def _add_unprocessed(record: dict[str, Any], outcomes: dict[int, dict[str, Any]]) -> None:
    """Rows whose batch failed every retry: failed, with the reason, so the seller can run them again."""
    text = blobs.read_file(str(record["rowsKey"])).decode("utf-8")
    for row in csv.DictReader(io.StringIO(text, newline="")):
        number = int(row[files.ROW_COLUMN])
        if number not in outcomes:
            problem = CellError(None, "this row could not be processed (a system error); import it again")
            outcomes[number] = _failed(record["id"], number, row, [problem])


def _finish(record: dict[str, Any], fields: dict[str, Any]) -> None:
    fields = {**fields, "updatedAt": clock.iso(clock.now())}
    uow = UnitOfWork(get_settings().table_name)
    store.finish(uow, record["id"], fields)
    uow.emit(
        rules.import_completed({**record, **fields}, correlation_id=str(record.get("correlationId") or record["id"]))
    )
    try:
        uow.commit()
    except Conflict:
        logger.info("import already ended", extra={"import_id": record["id"]})
