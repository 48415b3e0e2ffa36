"""S3 uploads and table changes reach their functions asynchronously, as the template wires them."""

import time
from typing import Any

import httpx
import pytest

from tests.e2e.localcloud import LocalCloud


def _wait_for_item(cloud: LocalCloud, pk: str, timeout: float = 15) -> dict[str, Any]:
    ddb, table = cloud.client("dynamodb"), cloud.outputs["RecordsTable"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        item = ddb.get_item(TableName=table, Key={"pk": {"S": pk}}).get("Item")
        if item:
            return dict(item)
        time.sleep(0.2)
    raise AssertionError(f"{pk} never recorded")


def test_given_an_s3_trigger_when_an_object_is_uploaded_then_the_function_gets_the_event(
    faults_cloud: LocalCloud,
) -> None:
    s3, bucket = faults_cloud.client("s3"), faults_cloud.outputs["UploadsBucket"]
    # When an object is put under the filtered prefix, and one outside it
    s3.put_object(Bucket=bucket, Key="uploads/a.png", Body=b"12345")
    s3.put_object(Bucket=bucket, Key="elsewhere/b.png", Body=b"1")
    # And one arrives by presigned POST, as browsers upload
    post = s3.generate_presigned_post(bucket, "uploads/${filename}")
    uploaded = httpx.post(post["url"], data=post["fields"], files={"file": ("c.png", b"abc")})
    assert uploaded.status_code < 300, uploaded.text
    # Then the function got both uploads under the prefix, with their sizes
    assert _wait_for_item(faults_cloud, "s3#uploads/a.png")["size"] == {"N": "5"}
    assert _wait_for_item(faults_cloud, "s3#uploads/c.png")["name"] == {"S": "ObjectCreated:Post"}
    ddb = faults_cloud.client("dynamodb")
    outside = ddb.get_item(TableName=faults_cloud.outputs["RecordsTable"], Key={"pk": {"S": "s3#elsewhere/b.png"}})
    assert "Item" not in outside


def test_given_a_stream_source_when_an_item_changes_then_the_function_gets_the_record(
    faults_cloud: LocalCloud,
) -> None:
    faults_cloud.client("dynamodb").put_item(TableName=faults_cloud.outputs["StreamTable"], Item={"pk": {"S": "p1"}})
    assert _wait_for_item(faults_cloud, "stream#p1")["name"] == {"S": "INSERT"}


def test_given_a_cancelled_transaction_when_the_stream_is_polled_then_it_shows_nothing_of_it_and_goes_on(
    faults_cloud: LocalCloud,
) -> None:
    ddb, table = faults_cloud.client("dynamodb"), faults_cloud.outputs["StreamTable"]
    # Given a stream the poller is already reading
    ddb.put_item(TableName=table, Item={"pk": {"S": "tx-before"}})
    _wait_for_item(faults_cloud, "stream#tx-before")
    # When a transaction is cancelled after one of its writes was applied (moto rolls back by swapping tables)
    cancelled = {"Put": {"TableName": table, "Item": {"pk": {"S": "tx-phantom"}}}}
    failing = {
        "Put": {
            "TableName": table,
            "Item": {"pk": {"S": "tx-before"}},
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }
    with pytest.raises(ddb.exceptions.TransactionCanceledException):
        ddb.transact_write_items(TransactItems=[cancelled, failing])
    # Then later writes still reach the function, and the cancelled one never does
    ddb.put_item(TableName=table, Item={"pk": {"S": "tx-after"}})
    assert _wait_for_item(faults_cloud, "stream#tx-after")["name"] == {"S": "INSERT"}
    recorded = ddb.get_item(TableName=faults_cloud.outputs["RecordsTable"], Key={"pk": {"S": "stream#tx-phantom"}})
    assert "Item" not in recorded
