"""The table handle: a DynamoDB client that speaks plain Python values, made once per cold start.

boto3's `resource("dynamodb").Table(...)` loads the resource model and builds its classes on the first
request of every cold start; the store uses none of the resource's own features, only the value
transformations its client gets. So the store gets those transformations on a client (the same
handlers the resource registers: boto3's code, vendored in `estore.ddb` so that boto3 is not imported)
and a small `TableHandle` with the Table calls it makes: same arguments, same answers
(docs/performance.md, "Cold start").
"""

from __future__ import annotations

from typing import Any

from estore import aws
from estore.config import get_settings


class TableHandle:
    """The calls of boto3's Table resource the store makes, on the document client."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def get_item(self, **kwargs: Any) -> Any:
        return self.client.get_item(TableName=self.name, **kwargs)

    def put_item(self, **kwargs: Any) -> Any:
        return self.client.put_item(TableName=self.name, **kwargs)

    def update_item(self, **kwargs: Any) -> Any:
        return self.client.update_item(TableName=self.name, **kwargs)

    def delete_item(self, **kwargs: Any) -> Any:
        return self.client.delete_item(TableName=self.name, **kwargs)

    def query(self, **kwargs: Any) -> Any:
        return self.client.query(TableName=self.name, **kwargs)

    def scan(self, **kwargs: Any) -> Any:
        return self.client.scan(TableName=self.name, **kwargs)

    def batch_writer(self, overwrite_by_pkeys: list[str] | None = None) -> Any:
        from estore.ddb.table import BatchWriter

        return BatchWriter(self.name, self.client, overwrite_by_pkeys=overwrite_by_pkeys)


class _Meta:
    def __init__(self, client: Any) -> None:
        self.client = client


class Resource:
    """The calls of boto3's DynamoDB service resource the store makes (batch reads and writes, Table)."""

    def __init__(self, client: Any) -> None:
        self.meta = _Meta(client)

    def Table(self, name: str) -> TableHandle:
        return TableHandle(self.meta.client, name)

    def batch_get_item(self, **kwargs: Any) -> Any:
        return self.meta.client.batch_get_item(**kwargs)

    def batch_write_item(self, **kwargs: Any) -> Any:
        return self.meta.client.batch_write_item(**kwargs)


_handles: dict[str, Any] = {}


def resource() -> Any:
    """The DynamoDB handle of this cold start (a new one after `aws.reset()`)."""
    client = aws.document_client("dynamodb")
    handle = _handles.get("resource")
    if handle is None or handle.meta.client is not client:
        handle = _handles["resource"] = Resource(client)
    return handle


def table() -> Any:
    """The Estore table (the calls of a boto3 Table: plain Python values in and out)."""
    return resource().Table(get_settings().table_name)


def client() -> Any:
    """The document client: takes plain Python values, as the Table does (used for transactions)."""
    return resource().meta.client


def error_code(error: Exception) -> str:
    """The AWS error code of a botocore ClientError ('' for anything else)."""
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
