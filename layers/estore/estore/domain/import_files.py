"""Reading an uploaded import file safely: a CSV (UTF-8, with or without BOM) or a ZIP of one CSV and photos.

Nothing here trusts the file: ZIP headers may lie about sizes, names may climb out of a folder, an
entry may be another archive. Every refusal says what to fix.
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from estore.domain.imports import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, REQUIRED_COLUMNS

BOM = b"\xef\xbb\xbf"
MAX_ZIP_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, per entry: real CSVs and photos stay far below
_ARCHIVE_SUFFIXES = (".zip", ".jar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd")
ROW_COLUMN = "_row"  # the row's line in the seller's file, kept in the rows the workflow reads


class FileRefused(Exception):
    """The whole file is refused; `problems` lists each reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Unpacked:
    csv: bytes
    photos: dict[str, bytes] = field(default_factory=dict)


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06")


def unpack_zip(data: bytes) -> Unpacked:
    """The one CSV and the photos of a ZIP; FileRefused for a bomb, an unsafe name or a nested archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [
            entry for entry in archive.infolist() if not entry.is_dir() and not entry.filename.startswith("__MACOSX/")
        ]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused([f"not a readable ZIP file ({error})"]) from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused([f"the ZIP holds {len(entries)} files; at most {MAX_ZIP_ENTRIES}"])
    problems = [problem for entry in entries if (problem := _entry_problem(entry))]
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_UNPACKED_BYTES:
        problems.append(f"the ZIP unpacks to {declared} bytes; at most {MAX_UNPACKED_BYTES} (a zip bomb?)")
    if problems:
        raise FileRefused(problems)
    csvs = [entry for entry in entries if entry.filename.lower().endswith(".csv")]
    if len(csvs) != 1:
        raise FileRefused([f"the ZIP must hold exactly one .csv file; it holds {len(csvs)}"])
    unpacked = Unpacked(csv=_read(archive, csvs[0], MAX_FILE_BYTES))
    for entry in entries:
        if entry is csvs[0]:
            continue
        content = _read(archive, entry, entry.file_size)
        if content.startswith(_ARCHIVE_MAGIC):
            raise FileRefused([f"'{entry.filename}' is an archive inside the ZIP; put the photos in the ZIP itself"])
        unpacked.photos[entry.filename] = content
    return unpacked


def _entry_problem(entry: zipfile.ZipInfo) -> str | None:
    name = entry.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or "\\" in name or ".." in parts or ":" in parts[0] or "\x00" in name:
        return f"'{name}' is not a plain file name (no .., absolute paths or backslashes)"
    if posixpath.normpath(name) != name:
        return f"'{name}' is not a plain file name"
    if name.lower().endswith(_ARCHIVE_SUFFIXES):
        return f"'{name}' is an archive inside the ZIP; put the photos in the ZIP itself"
    if entry.file_size > MAX_FILE_BYTES or entry.file_size > MAX_RATIO * max(entry.compress_size, 1024):
        return f"'{name}' unpacks to {entry.file_size} bytes from {entry.compress_size} (a zip bomb?)"
    return None


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` bytes, and exactly what the header declared: a header that lies is a refusal."""
    try:
        with archive.open(entry) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
        raise FileRefused([f"'{entry.filename}' cannot be read ({error})"]) from error
    if len(content) != entry.file_size or len(content) > limit:
        raise FileRefused([f"'{entry.filename}' is not the size its ZIP header says (a zip bomb?)"])
    return content


def read_rows(data: bytes) -> list[dict[str, str]]:
    """The data rows of a CSV, each with its `_row` (line in the file); FileRefused for a file that is not
    UTF-8 CSV with the known header, or has more than MAX_ROWS rows."""
    try:
        text = data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRefused([f"the file is not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'"]) from error
    if "\x00" in text:
        raise FileRefused(["the file is not a CSV (it holds binary data)"])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        _check_header(header)
        rows: list[dict[str, str]] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue  # blank lines are not rows
            if len(rows) == MAX_ROWS:
                raise FileRefused([f"the file has more than {MAX_ROWS} rows; split it"])
            row = {ROW_COLUMN: str(reader.line_num)}
            row.update({name: (record[i] if i < len(record) else "") for i, name in enumerate(header)})
            if len(record) > len(header):
                row["__extra__"] = str(len(record))
            rows.append(row)
    except csv.Error as error:
        raise FileRefused([f"the file is not valid CSV: {error}"]) from error
    return rows


def _check_header(header: list[str]) -> None:
    if not header:
        raise FileRefused(["the file is empty; the first row must name the columns"])
    problems = []
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)} (known: {', '.join(COLUMNS)})")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if len(set(header)) != len(header):
        problems.append("a column is named twice")
    if problems:
        raise FileRefused(problems)


def write_rows(rows: list[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    """Rows as CSV (UTF-8, no BOM) with the given columns."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
