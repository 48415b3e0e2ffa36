"""The table handle (the resource is made once per cold start by estore.aws)."""

from __future__ import annotations

from typing import Any

from estore import aws
from estore.config import get_settings


def resource() -> Any:
    return aws.resource("dynamodb")


def table() -> Any:
    """The Estore table (boto3 Table resource)."""
    return resource().Table(get_settings().table_name)


def client() -> Any:
    """The resource's client: takes plain Python values, as the Table does (used for transactions)."""
    return resource().meta.client


def error_code(error: Exception) -> str:
    """The AWS error code of a botocore ClientError ('' for anything else)."""
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
