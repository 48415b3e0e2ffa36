"""The table handle, created lazily once per cold start (boto3 honours AWS_ENDPOINT_URL locally)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from estore.config import get_settings

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)


@cache
def resource() -> Any:
    return boto3.resource("dynamodb", config=_CONFIG)


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
