"""Bulk import over the local cloud, as the SPA does it: announce, POST the file to S3, poll the import."""

from __future__ import annotations

import csv
import io
import random
import time
import uuid
import zipfile
from typing import Any

import httpx
import pytest

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import User, assert_error, bucket_keys, customer, declared, png, post_upload, seller

FINAL = {"SUCCEEDED", "PARTIAL", "FAILED"}
# Liveness guards only, not speed checks: a 1,000-row import took ~25 minutes at load average 22 on 2 cores.
IMPORT_WAIT_S = 3600
SEARCH_WAIT_S = 3600
HEADER = ["sku", "title", "brand", "category", "tags", "images", "condition", "condition_note", "price", "stock"]
SAMPLE_EVERY = 50  # the searchable sample: every 50th good row and the last one (searchable_sample)
BAD_KINDS = ("missing sku", "bad price", "unknown condition", "used without note", "21 tags", "unknown image")


def word() -> str:
    rng = random.Random(uuid.uuid4().int)
    return "".join(rng.choice("bcdfghjklmnpqrstvwz") + rng.choice("aeiou") for _ in range(4))


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def good_row(sku: str, title: str, **cells: str) -> dict[str, str]:
    row = {"sku": sku, "title": title, "brand": "LEGO", "category": "Toys", "price": "19.99", "stock": "4"}
    return {**row, **cells}


def bad_row(kind: str, n: int) -> dict[str, str]:
    row = good_row(f"BAD-{kind.replace(' ', '-')}-{n}", f"Bad {kind} {n}")
    changes = {
        "missing sku": {"sku": ""},
        "bad price": {"price": "12,99"},
        "unknown condition": {"condition": "mint"},
        "used without note": {"condition": "used"},
        "21 tags": {"tags": ";".join(f"tag{i}" for i in range(21))},
        "unknown image": {"images": f"missing-{n}.jpg"},
    }[kind]
    return {**row, **changes}


def run_import(user: User, data: bytes, content_type: str = "text/csv") -> dict[str, Any]:
    """POST /imports, the browser's POST of the file, then GET /imports/{id} until the import ends."""
    announced = user.call("POST", "/imports", json={"filename": "f", "contentType": content_type, "size": len(data)})
    assert announced.status_code == 201, announced.text
    import_id = announced.json()["importId"]
    post_upload(announced.json()["upload"], data, "products", content_type)
    deadline = time.monotonic() + IMPORT_WAIT_S
    while True:
        shown = user.call("GET", f"/imports/{import_id}")
        assert shown.status_code == 200, shown.text
        body: dict[str, Any] = shown.json()
        if body["status"] in FINAL:
            return body
        assert time.monotonic() < deadline, f"import still {body['status']}: {body}"
        time.sleep(2)  # polled like the SPA's progress bar; no faster, the local cloud is shared


def counts(shown: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(shown[name] for name in ("status", "rows", "created", "updated", "unchanged", "failed"))


# ---------------------------------------------------------------- a 1,000-row CSV
@pytest.fixture(scope="module")
def big(cloud: LocalCloud) -> dict[str, Any]:
    """700 good rows (each with its own invented word) and 50 bad rows of each of six kinds, shuffled."""
    owner = seller(cloud)
    good = [good_row(f"GOOD-{n}", f"{word().capitalize()} brick {n}", tags="lego;bulk") for n in range(700)]
    bad = [bad_row(kind, n) for kind in BAD_KINDS for n in range(50)]
    rows = good + bad
    random.Random(9).shuffle(rows)
    data = csv_bytes(rows)
    in_file_order = [row for row in rows if row in good]
    return {"seller": owner, "good": in_file_order, "bad": bad, "data": data, "first": run_import(owner, data)}


def test_a_1000_row_csv_with_300_bad_rows_ends_partial_with_exact_counts(big: dict[str, Any]) -> None:
    assert counts(big["first"]) == ("PARTIAL", 1000, 700, 0, 0, 300)
    assert len(big["first"]["errors"]) == 100


def test_the_error_report_lists_exactly_the_bad_rows_with_their_error(big: dict[str, Any]) -> None:
    report = httpx.get(big["first"]["errorReport"])
    assert report.status_code == 200

    rows = list(csv.DictReader(io.StringIO(report.content.decode())))

    assert sorted(row["title"] for row in rows) == sorted(row["title"] for row in big["bad"])
    assert all(row["error"] for row in rows)
    assert {row["title"]: row["error"].split(":")[0] for row in rows if row["title"].startswith("Bad 21 tags")} == {
        f"Bad 21 tags {n}": "tags" for n in range(50)
    }


def searchable_sample(good: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every 50th good row in file order and the last one: 15 of the 700, spread over every batch's slice of
    the file. Each title starts with a word invented for this run, so a search for it finds that row."""
    return good[::SAMPLE_EVERY] + good[-1:]


def test_the_good_rows_become_searchable_products(cloud: LocalCloud, big: dict[str, Any]) -> None:
    sample = searchable_sample(big["good"])

    # Batches are imported in file order and the indexer takes their events in that order: once the last row is
    # found the index has caught up with the import but for the events still in flight, so the whole sample is
    # then looked up again until found (a liveness guard only: indexing is asynchronous).
    found: dict[str, list[str]] = {}
    deadline = time.monotonic() + SEARCH_WAIT_S
    with cloud.http() as http:
        for row in [sample[-1], *sample]:
            word = row["title"].split()[0]
            while not (titles := [hit["title"] for hit in http.get("/search", params={"q": word}).json()["items"]]):
                assert time.monotonic() < deadline, f"{row['title']} never became searchable"
                time.sleep(0.5)
            found[row["title"]] = titles

    # Each sampled product is found, once (a search may also find other titles it deems close).
    assert {title: hits.count(title) for title, hits in found.items()} == {row["title"]: 1 for row in sample}


def my_products(owner: User) -> list[dict[str, Any]]:
    """Every product the seller lists (GET /sellers/me/products, page by page)."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = owner.call("GET", "/sellers/me/products", params=params).json()
        items += page["items"]
        if not (cursor := page.get("nextCursor")):
            return items


def test_importing_the_same_file_again_creates_nothing_and_duplicates_nothing(big: dict[str, Any]) -> None:
    again = run_import(big["seller"], big["data"])

    assert counts(again) == ("PARTIAL", 1000, 0, 0, 700, 300)
    titles = [product["title"] for product in my_products(big["seller"])]
    assert sorted(titles) == sorted(row["title"] for row in big["good"])


# ---------------------------------------------------------------- ZIPs
def contents(cloud: LocalCloud) -> set[str]:
    """The stored image contents (each also has two WebP thumbnails, which are not contents of their own)."""
    return {
        key for key in bucket_keys(cloud) if key.startswith("images/") and ".w320." not in key and ".w1024." not in key
    }


def library_photo(owner: User, data: bytes) -> str:
    """A photo uploaded the browser's way; its status once decided (the ingest may be cold)."""
    (slot,) = owner.declare(declared(data))
    post_upload(slot["upload"], data, "photo.png", "image/png")
    deadline = time.monotonic() + IMPORT_WAIT_S
    while (status := owner.call("GET", f"/images/{slot['imageId']}").json()["status"]) == "PENDING":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return str(status)


def test_a_zip_stores_each_new_photo_once_and_reuses_the_ones_already_stored(cloud: LocalCloud) -> None:
    owner = seller(cloud)
    photos = {f"p{n}.png": png() for n in range(25)}
    for n in range(5):
        assert library_photo(owner, photos[f"p{n}.png"]) == "READY"
    before = contents(cloud)
    rows = [
        good_row(f"Z-{n}", f"Zipped {n}", images=f"p{n}.png;p{n + 20}.png" if n < 5 else f"p{n}.png") for n in range(20)
    ]

    shown = run_import(owner, zip_bytes({"products.csv": csv_bytes(rows), **photos}), "application/zip")

    assert counts(shown) == ("SUCCEEDED", 20, 20, 0, 0, 0)
    assert len(contents(cloud) - before) == 20


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"../evil.png": png()}, "'../evil.png' is not a plain file name"),
        ({"bomb.png": b"\x00" * (60 * 1024 * 1024)}, "zip bomb"),
    ],
)
def test_an_unsafe_zip_fails_whole_and_keeps_no_bytes(
    cloud: LocalCloud, entries: dict[str, bytes], message: str
) -> None:
    owner = seller(cloud)
    before = bucket_keys(cloud)
    rows = csv_bytes([good_row("U-1", "Unsafe", images=next(iter(entries)))])

    shown = run_import(owner, zip_bytes({"products.csv": rows, **entries}), "application/zip")

    assert (shown["status"], shown["created"]) == ("FAILED", 0)
    assert any(message in error["message"] for error in shown["errors"]), shown["errors"]
    assert [key for key in bucket_keys(cloud) if key not in before and not key.startswith("import-work/")] == []


def test_an_html_file_named_jpg_fails_its_row_and_keeps_no_bytes(cloud: LocalCloud) -> None:
    owner = seller(cloud)
    before = bucket_keys(cloud)
    rows = csv_bytes([good_row("H-1", "Fake photo", images="page.jpg"), good_row("H-2", "No photo")])

    shown = run_import(
        owner, zip_bytes({"products.csv": rows, "page.jpg": b"<html><body>hi</body></html>"}), "application/zip"
    )

    assert counts(shown) == ("PARTIAL", 2, 1, 0, 0, 1)
    assert shown["errors"] == [
        {"row": 2, "column": "images", "message": "photo page.jpg: not a JPEG, PNG or WebP image"}
    ]
    new_keys = [key for key in bucket_keys(cloud) if key not in before]
    assert [key for key in new_keys if not key.startswith("import-work/")] == []


# ---------------------------------------------------------------- who may import
@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/imports"), ("GET", "/imports"), ("GET", "/imports/01KB0000000000000000000000")]
)
def test_customers_get_403_on_every_import_route(cloud: LocalCloud, method: str, path: str) -> None:
    body = {"filename": "a.csv", "contentType": "text/csv", "size": 10} if method == "POST" else None

    answer = customer(cloud).call(method, path, json=body)

    assert_error(answer, 403, "FORBIDDEN")


def test_a_seller_never_sees_another_sellers_import(cloud: LocalCloud) -> None:
    owner, other = seller(cloud), seller(cloud)
    announced = owner.call("POST", "/imports", json={"filename": "a.csv", "contentType": "text/csv", "size": 10})
    import_id = announced.json()["importId"]

    assert_error(other.call("GET", f"/imports/{import_id}"), 404, "NOT_FOUND")
    assert [item["importId"] for item in other.call("GET", "/imports").json()["items"]] == []
