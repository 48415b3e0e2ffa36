"""Bulk import in-process: the routes, and the Import workflow run by moto's interpreter (with the local
cloud's Distributed Map gaps filled) on files uploaded to the real upload key."""

from __future__ import annotations

import csv
import io
import time
import uuid
from typing import Any

import boto3
import pytest

from estore_local.triggers import s3_event
from tests.integration.conftest import Cloud, User, make_seller

CSV_HEADER = "sku,title,brand,category,tags,condition,condition_note,price,stock\n"


@pytest.fixture
def seller(cloud: Cloud) -> User:
    return make_seller(cloud, f"Bricks {uuid.uuid4().hex[:6]}")


@pytest.fixture
def other_seller(cloud: Cloud) -> User:
    return make_seller(cloud, f"Blocks {uuid.uuid4().hex[:6]}")


def announce(cloud: Cloud, user: User, content_type: str = "text/csv", size: int = 100) -> Any:
    body = {"filename": "products.csv", "contentType": content_type, "size": size}
    return cloud.call("POST", "/imports", user=user, json_body=body)


def run_import(cloud: Cloud, user: User, data: bytes, content_type: str = "text/csv") -> dict[str, Any]:
    """Announces, uploads to the presigned key, delivers the ObjectCreated event, waits for the end."""
    answer = announce(cloud, user, content_type, len(data))
    assert answer.status == 201, answer.body
    import_id = answer.body["importId"]
    bucket, key = cloud.stack.ref("ImagesBucket"), answer.body["upload"]["fields"]["key"]
    cloud.s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)
    cloud.run("StartImportFunction", s3_event(bucket, key, "ObjectCreated:Post", len(data), "etag"))
    sfn = boto3.client("stepfunctions")
    machine = cloud.stack.ref("ImportStateMachine")
    execution = f"{machine.replace(':stateMachine:', ':execution:')}:{import_id}"
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
        time.sleep(0.05)
    described = sfn.describe_execution(executionArn=execution)
    assert described["status"] == "SUCCEEDED", described
    shown = cloud.call("GET", f"/imports/{import_id}", user=user)
    assert shown.status == 200
    body: dict[str, Any] = shown.body
    return body


# ---------------------------------------------------------------- routes
def test_a_seller_gets_a_presigned_post_to_the_imports_prefix(cloud: Cloud, seller: User) -> None:
    answer = announce(cloud, seller)

    assert answer.status == 201
    assert answer.body["upload"]["fields"]["key"] == f"imports/{answer.body['importId']}"
    assert answer.body["upload"]["fields"]["Content-Type"] == "text/csv"


def test_a_new_import_is_pending_with_no_counts(cloud: Cloud, seller: User) -> None:
    import_id = announce(cloud, seller).body["importId"]

    shown = cloud.call("GET", f"/imports/{import_id}", user=seller).body

    assert (shown["status"], shown["rows"], shown["created"], shown["errors"], shown["errorReport"]) == (
        "PENDING",
        0,
        0,
        [],
        None,
    )


def test_a_seller_lists_only_their_own_imports_newest_first(cloud: Cloud, seller: User, other_seller: User) -> None:
    first = announce(cloud, seller).body["importId"]
    second = announce(cloud, seller).body["importId"]
    theirs = announce(cloud, other_seller).body["importId"]

    listed = [item["importId"] for item in cloud.call("GET", "/imports", user=seller).body["items"]]

    assert listed == [second, first]
    assert theirs not in listed


def test_a_seller_pages_through_their_imports_with_limit_and_cursor(cloud: Cloud, seller: User) -> None:
    # Given three imports
    announced = [announce(cloud, seller).body["importId"] for _ in range(3)]

    # When the seller reads them two at a time
    first = cloud.call("GET", "/imports", user=seller, query={"limit": "2"}).body
    second = cloud.call("GET", "/imports", user=seller, query={"limit": "2", "cursor": first["nextCursor"]}).body

    # Then the pages hold every import once, newest first, and the last page has no next cursor
    assert [item["importId"] for item in first["items"] + second["items"]] == announced[::-1]
    assert second["nextCursor"] is None


def test_a_page_size_over_100_is_refused(cloud: Cloud, seller: User) -> None:
    answer = cloud.call("GET", "/imports", user=seller, query={"limit": "101"})

    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "limit"


def test_another_sellers_import_is_not_found(cloud: Cloud, seller: User, other_seller: User) -> None:
    import_id = announce(cloud, seller).body["importId"]

    answer = cloud.call("GET", f"/imports/{import_id}", user=other_seller)

    assert (answer.status, answer.error_code) == (404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/imports", {"filename": "a.csv", "contentType": "text/csv", "size": 10}),
        ("GET", "/imports", None),
        ("GET", "/imports/01KB0000000000000000000000", None),
    ],
)
def test_customers_are_forbidden_every_import_route(
    cloud: Cloud, customer: User, method: str, path: str, body: Any
) -> None:
    answer = cloud.call(method, path, user=customer, json_body=body)

    assert (answer.status, answer.error_code) == (403, "FORBIDDEN")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"filename": "a.csv", "contentType": "text/csv", "size": 50 * 1024 * 1024 + 1}, "size"),
        ({"filename": "a.xlsx", "contentType": "application/vnd.ms-excel", "size": 10}, "contentType"),
        ({"filename": "", "contentType": "text/csv", "size": 10}, "filename"),
    ],
)
def test_a_bad_announcement_is_refused_and_creates_nothing(
    cloud: Cloud, seller: User, body: dict[str, Any], field: str
) -> None:
    answer = cloud.call("POST", "/imports", user=seller, json_body=body)

    assert answer.status == 422
    assert [detail["field"] for detail in answer.body["error"]["details"]] == [field]
    assert cloud.call("GET", "/imports", user=seller).body["items"] == []


# ---------------------------------------------------------------- the workflow
def test_a_csv_creates_its_good_rows_and_reports_its_bad_ones(cloud: Cloud, seller: User) -> None:
    data = (
        "\ufeff" + CSV_HEADER + "A-1,X-Wing,LEGO,Toys,lego;star wars,new,,59.99,5\n"
        "A-2,TIE Fighter,LEGO,Toys,,used,,39.99,2\n"
        ",No sku,LEGO,Toys,,new,,10,1\n"
        "A-4,Falcon,LEGO,Toys,,new,,12.345,1\n"
    ).encode()

    shown = run_import(cloud, seller, data)

    assert (shown["status"], shown["rows"], shown["created"], shown["failed"]) == ("PARTIAL", 4, 1, 3)
    assert [(error["row"], error["column"]) for error in shown["errors"]] == [
        (3, "condition_note"),
        (4, "sku"),
        (5, "price"),
    ]
    mine = cloud.call("GET", "/sellers/me/products", user=seller).body["items"]
    assert [(product["title"], product["bestOffer"]["price"]["amount"]) for product in mine] == [("X-Wing", 5999)]


def test_the_error_report_is_the_failed_rows_with_an_error_column(cloud: Cloud, seller: User) -> None:
    data = (CSV_HEADER + "B-1,Good,LEGO,Toys,,new,,5,1\nB-2,Bad,LEGO,Toys,,mint,,5,1\n").encode()

    shown = run_import(cloud, seller, data)

    report = cloud.s3.get_object(
        Bucket=cloud.stack.ref("ImagesBucket"), Key=f"import-work/{shown['importId']}/errors.csv"
    )
    rows = list(csv.DictReader(io.StringIO(report["Body"].read().decode())))
    assert [(row["sku"], row["condition"]) for row in rows] == [("B-2", "mint")]
    assert "not new, used or refurbished" in rows[0]["error"]
    assert shown["errorReport"] is not None


def test_importing_the_same_file_again_creates_nothing_and_changes_nothing(cloud: Cloud, seller: User) -> None:
    data = (CSV_HEADER + "C-1,Brick,LEGO,Toys,red,new,,1.50,10\n").encode()
    run_import(cloud, seller, data)

    again = run_import(cloud, seller, data)

    assert (again["status"], again["created"], again["updated"], again["unchanged"]) == ("SUCCEEDED", 0, 0, 1)
    assert len(cloud.call("GET", "/sellers/me/products", user=seller).body["items"]) == 1


def test_a_changed_row_updates_the_product_of_its_sku(cloud: Cloud, seller: User) -> None:
    run_import(cloud, seller, (CSV_HEADER + "D-1,Brick,LEGO,Toys,,new,,1.50,10\n").encode())

    changed = run_import(cloud, seller, (CSV_HEADER + "D-1,Red brick,LEGO,Toys,,new,,2,3\n").encode())

    assert (changed["created"], changed["updated"]) == (0, 1)
    [product] = cloud.call("GET", "/sellers/me/products", user=seller).body["items"]
    assert (product["title"], product["bestOffer"]["price"]["amount"], product["bestOffer"]["stock"]) == (
        "Red brick",
        200,
        3,
    )


def test_a_file_that_is_not_utf8_csv_fails_whole_with_the_reason(cloud: Cloud, seller: User) -> None:
    shown = run_import(cloud, seller, "sku,title\nA,Caf\xe9\n".encode("latin-1"))

    assert shown["status"] == "FAILED"
    assert "UTF-8" in shown["errors"][0]["message"]
