"""Bulk import: what a seller may upload, what a CSV row means, and what an import reports.

A row becomes the same `NewProduct` that POST /products takes, so every rule of a listing applies to
it unchanged; only the CSV's own spelling (prices in major units, `;`-separated lists, blank cells)
is translated here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic.alias_generators import to_camel

from estore.domain.catalog import NewProduct
from estore.domain.events import DomainEvent, Source, new_event
from estore.domain.images import PresignedPost
from estore.domain.models import ApiModel, RequestModel

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 100
UPLOAD_PREFIX, WORK_PREFIX = "imports/", "import-work/"
_UPLOAD_KEY = re.compile(r"^imports/([0-9A-Z]{26})$")

COLUMNS = (
    "sku",
    "title",
    "description",
    "brand",
    "category",
    "tags",
    "images",
    "condition",
    "condition_note",
    "price",
    "currency",
    "stock",
    "variant",
)
REQUIRED_COLUMNS = ("sku", "title", "brand", "category", "price", "stock")
ERROR_COLUMN = "error"
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
# Where a NewProduct field comes from in the CSV, so an error names the column the seller must fix.
_FIELD_COLUMNS = {
    "sku": "sku",
    "title": "title",
    "description": "description",
    "brand": "brand",
    "category": "category",
    "tags": "tags",
    "imageIds": "images",
    "offer.price": "price",
    "offer.stock": "stock",
    "offer.condition": "condition",
    "offer.conditionNote": "condition_note",
    "offer.variant": "variant",
}
_CURRENCY_DIGITS = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3}


class ImportStatus(StrEnum):
    PENDING = "PENDING"  # waiting for the upload
    VALIDATING = "VALIDATING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"  # every row imported
    PARTIAL = "PARTIAL"  # some rows failed (see errors and the error report)
    FAILED = "FAILED"  # the file was refused, or no row could be imported


FINAL = {ImportStatus.SUCCEEDED, ImportStatus.PARTIAL, ImportStatus.FAILED}


class RowOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class NewImport(RequestModel):
    """POST /imports: the file the seller is about to upload."""

    filename: str = Field(min_length=1, max_length=255)
    content_type: Literal["text/csv", "application/zip"]
    size: int = Field(gt=0, le=MAX_FILE_BYTES, description=f"bytes; at most {MAX_FILE_BYTES}")


class ImportCreated(ApiModel):
    import_id: str
    upload: PresignedPost


class RowError(ApiModel):
    row: int = Field(description="the row's line in the file; the header is row 1")
    column: str | None
    message: str


class ImportView(ApiModel):
    """GET /imports/{importId}: what the SPA polls for its progress bar."""

    import_id: str
    filename: str
    content_type: str
    status: ImportStatus
    rows: int = Field(description="data rows in the file (0 until validated)")
    processed: int = Field(description="rows handled so far")
    created: int
    updated: int
    unchanged: int
    failed: int
    errors: list[RowError] = Field(description=f"the first {MAX_ERRORS_SHOWN} errors")
    error_report: str | None = Field(description="a presigned GET of the failed rows with an error column")
    created_at: str
    updated_at: str


class CellError(Exception):
    """One cell the seller must fix."""

    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column, self.message = column, message


class RowRejected(Exception):
    """A row that cannot be imported, with every cell at fault."""

    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


def upload_key(import_id: str) -> str:
    return f"{UPLOAD_PREFIX}{import_id}"


def import_id_from_upload_key(key: str) -> str | None:
    match = _UPLOAD_KEY.match(key)
    return match.group(1) if match else None


def rows_key(import_id: str) -> str:
    """The validated rows (UTF-8, no BOM, known header): what the Distributed Map reads."""
    return f"{WORK_PREFIX}{import_id}/rows.csv"


def report_key(import_id: str) -> str:
    return f"{WORK_PREFIX}{import_id}/errors.csv"


def row_number(index: int) -> int:
    """A data row's line in the file (the header is line 1)."""
    return index + 2


def minor_units(text: str, currency: str) -> int:
    """'12.5' USD -> 1250, exactly (Decimal, never a float); more decimals than the currency has is an error."""
    digits = _CURRENCY_DIGITS.get(currency, 2)
    try:
        value = Decimal(text.strip())
    except InvalidOperation as error:
        raise CellError("price", f"'{text}' is not a price (write e.g. 12.50)") from error
    if not value.is_finite():
        raise CellError("price", f"'{text}' is not a price (write e.g. 12.50)")
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise CellError("price", f"'{text}' has more than {digits} decimals for {currency}")
    return int(scaled)


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def parse_row(row: dict[str, str], *, currency: str, resolve_images: Any) -> NewProduct:
    """A CSV row as the POST /products request it stands for; RowRejected naming each bad cell.

    `resolve_images(names)` turns the `images` cell into library image ids, raising CellError for a name
    that is neither a photo in the ZIP nor an image of the seller's library.
    """
    cells = {column: (row.get(column) or "").strip() for column in COLUMNS}
    errors: list[CellError] = []
    if not cells["sku"]:
        errors.append(CellError("sku", "sku is required (it is how a re-import finds the product)"))
    elif not SKU_PATTERN.match(cells["sku"]):
        errors.append(CellError("sku", "sku: up to 64 letters, digits and . _ / - (starting with a letter or digit)"))
    row_currency = cells["currency"].upper() or currency
    if row_currency != currency:
        errors.append(CellError("currency", f"this store sells in {currency}"))
    amount: Any = None
    if not cells["price"]:
        errors.append(CellError("price", "price is required"))
    else:
        try:
            amount = minor_units(cells["price"], currency)
        except CellError as error:
            errors.append(error)
    stock: Any = cells["stock"]
    if re.fullmatch(r"\d{1,9}", stock):
        stock = int(stock)
    image_ids: list[str] = []
    names = split_list(cells["images"])
    if names:
        try:
            image_ids = resolve_images(names)
        except CellError as error:
            errors.append(error)
    offer: dict[str, Any] = {"price": {"amount": amount, "currency": currency}, "stock": stock}
    for column, field in (("condition", "condition"), ("condition_note", "conditionNote"), ("variant", "variant")):
        if cells[column]:
            offer[field] = cells[column].lower() if column == "condition" else cells[column]
    body: dict[str, Any] = {
        "sku": cells["sku"] or None,
        "title": cells["title"],
        "description": cells["description"],
        "brand": cells["brand"],
        "category": cells["category"],
        "tags": split_list(cells["tags"]),
        "imageIds": image_ids,
        "offer": offer,
    }
    try:
        request = NewProduct.model_validate(body)
    except ValidationError as error:
        known: set[str | None] = {e.column for e in errors}
        for problem in error.errors():
            at = _column_of(problem.get("loc", ()))
            if at in known:
                continue  # already reported in the CSV's own words
            known.add(at)
            errors.append(CellError(at, f"{at or 'row'}: {_message(dict(problem))}"))
        raise RowRejected(errors) from error
    if errors:
        raise RowRejected(errors)
    return request


def _column_of(location: tuple[Any, ...]) -> str | None:
    parts = [to_camel(part) if isinstance(part, str) else str(part) for part in location]
    for length in (2, 1):
        column = _FIELD_COLUMNS.get(".".join(parts[:length]))
        if column:
            return column
    return None


def _message(problem: dict[str, Any]) -> str:
    message = str(problem.get("msg", "invalid"))
    if problem.get("type") == "too_long" and problem.get("loc", ("",))[0] == "tags":
        return "at most 20 tags"
    if problem.get("type") == "enum":
        return f"'{problem.get('input')}' is not new, used or refurbished"
    return message.removeprefix("Value error, ")


def import_completed(record: dict[str, Any], *, correlation_id: str) -> DomainEvent:
    """ImportCompleted: an import ended (SUCCEEDED, PARTIAL or FAILED) with its counts."""
    detail = {
        "importId": record["id"],
        "sellerId": record["sellerId"],
        "status": record["status"],
        "rows": int(record.get("rows", 0)),
        "created": int(record.get("created", 0)),
        "updated": int(record.get("updated", 0)),
        "unchanged": int(record.get("unchanged", 0)),
        "failed": int(record.get("failed", 0)),
    }
    return new_event(Source.CATALOG, "ImportCompleted", detail, correlation_id=correlation_id)
