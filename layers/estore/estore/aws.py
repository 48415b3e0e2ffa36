"""boto3 clients, made lazily and once per cold start (boto3 honours AWS_ENDPOINT_URL locally).

One registry, so a test or the local harness can drop every cached client at once (`reset`).
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

_DEFAULT = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)
_CONFIGS = {
    "s3": Config(signature_version="s3v4", retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2),
    # StartSyncExecution holds the connection for the whole workflow.
    "stepfunctions": Config(read_timeout=70, retries={"mode": "standard", "max_attempts": 2}, connect_timeout=2),
}
_clients: dict[str, Any] = {}
_resources: dict[str, Any] = {}


def client(service: str) -> Any:
    if service not in _clients:
        _clients[service] = boto3.client(service, config=_CONFIGS.get(service, _DEFAULT))
    return _clients[service]


def resource(service: str) -> Any:
    if service not in _resources:
        _resources[service] = boto3.resource(service, config=_CONFIGS.get(service, _DEFAULT))
    return _resources[service]


def reset() -> None:
    """Forget every client (the next call makes new ones from the current environment)."""
    _clients.clear()
    _resources.clear()
