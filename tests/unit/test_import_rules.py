"""Bulk import rules without AWS: what a CSV row means, and which files are refused before anything is kept."""

import io
import zipfile
from pathlib import Path

import pytest

from estore.domain import import_files as files
from estore.domain.imports import CellError, RowRejected, minor_units, parse_row

ROOT = Path(__file__).resolve().parents[2]
ROW = {"sku": "A-1", "title": "Brick", "brand": "LEGO", "category": "Toys", "price": "1.50", "stock": "3"}


def zipped(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def errors_of(row: dict[str, str]) -> list[str | None]:
    with pytest.raises(RowRejected) as rejected:
        parse_row(row, currency="USD", resolve_images=lambda names: names)
    return [error.column for error in rejected.value.errors]


@pytest.mark.parametrize(("text", "amount"), [("12.5", 1250), ("0.01", 1), ("59.99", 5999), ("7", 700)])
def test_a_price_in_major_units_becomes_exact_minor_units(text: str, amount: int) -> None:
    assert minor_units(text, "USD") == amount


@pytest.mark.parametrize("text", ["12.345", "abc", "NaN", "1e400x"])
def test_a_price_that_is_not_exact_in_the_currency_is_a_price_error(text: str) -> None:
    with pytest.raises(CellError) as error:
        minor_units(text, "USD")
    assert error.value.column == "price"


def test_a_good_row_is_the_product_request_post_products_takes() -> None:
    request = parse_row(
        {**ROW, "tags": "lego; red ;", "condition": "Used", "condition_note": "Scratched"},
        currency="USD",
        resolve_images=lambda n: n,
    )

    assert (request.sku, request.offer.price.amount, request.offer.stock, request.tags) == (
        "A-1",
        150,
        3,
        ["lego", "red"],
    )
    assert request.offer.condition.value == "used"


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"sku": ""}, "sku"),
        ({"price": "1,50"}, "price"),
        ({"condition": "mint"}, "condition"),
        ({"condition": "used"}, "condition_note"),
        ({"tags": ";".join(f"t{i}" for i in range(21))}, "tags"),
        ({"stock": "-1"}, "stock"),
        ({"currency": "EUR"}, "currency"),
    ],
)
def test_each_bad_cell_is_named_by_its_column(changes: dict[str, str], column: str) -> None:
    assert errors_of({**ROW, **changes}) == [column]


def test_a_csv_with_a_bom_reads_like_one_without() -> None:
    text = "sku,title,brand,category,price,stock\r\nA-1,Brick,LEGO,Toys,1,2\r\n"

    assert files.read_rows(files.BOM + text.encode()) == files.read_rows(text.encode())


def test_rows_keep_their_line_in_the_file() -> None:
    rows = files.read_rows(b"sku,title,brand,category,price,stock\n\nA,T,B,C,1,1\n")

    assert [row[files.ROW_COLUMN] for row in rows] == ["3"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"sku,title\nA,Caf\xe9\n", "UTF-8"),
        (b"sku,title,brand,category,price,stock,colour\n", "unknown columns: colour"),
        (b"sku,title,brand\n", "missing columns: category, price, stock"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_our_csv_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(files.FileRefused) as refused:
        files.read_rows(data)
    assert reason in str(refused.value)


def test_the_downloadable_template_is_a_valid_import_file() -> None:
    rows = files.read_rows((ROOT / "docs" / "imports-template.csv").read_bytes())

    requests = [
        parse_row(row, currency="USD", resolve_images=lambda names: [n.replace(".", "-") for n in names])
        for row in rows
    ]
    assert [request.sku for request in requests] == ["XW-001", "XW-001-U", "TS-RED-M"]


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ({"products.csv": b"x", "../evil.png": b"x"}, "'../evil.png' is not a plain file name"),
        ({"products.csv": b"x", "/etc/passwd": b"x"}, "not a plain file name"),
        ({"products.csv": b"x", "photos.zip": b"PK\x03\x04"}, "archive inside the ZIP"),
        ({"products.csv": b"x", "photo.jpg": zipped({"a": b"b"})}, "archive inside the ZIP"),
        ({"products.csv": b"x", "bomb.jpg": b"\x00" * (5 * 1024 * 1024)}, "zip bomb"),
        ({"a.csv": b"x", "b.csv": b"x"}, "exactly one .csv"),
    ],
)
def test_an_unsafe_zip_is_refused_whole(entries: dict[str, bytes], reason: str) -> None:
    with pytest.raises(files.FileRefused) as refused:
        files.unpack_zip(zipped(entries))
    assert reason in str(refused.value)


def test_a_zip_gives_its_csv_and_photos() -> None:
    unpacked = files.unpack_zip(zipped({"products.csv": b"sku", "photos/a.jpg": b"\xff\xd8\xff"}))

    assert (unpacked.csv, unpacked.photos) == (b"sku", {"photos/a.jpg": b"\xff\xd8\xff"})
