"""S3: the images bucket. Clients are made lazily, once per cold start."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from estore.config import get_settings


@cache
def _s3() -> Any:
    return boto3.client("s3", config=Config(signature_version="s3v4", connect_timeout=2, read_timeout=5))


def images_bucket() -> str:
    return get_settings().require("images_bucket")


def check_bucket() -> None:
    """Raises when the images bucket cannot be reached."""
    _s3().head_bucket(Bucket=images_bucket())
