"""boto3 clients, made lazily and once per cold start (boto3 honours AWS_ENDPOINT_URL locally).

One registry, so a test or the local harness can drop every cached client at once (`reset`). Every client
comes from one boto3 session whose botocore data loader reads the layer's precomputed data cache
(`estore.botodata`: the same models, read faster; botocore's own loading when the cache does not match).
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
_sessions: list[boto3.session.Session] = []


def session() -> boto3.session.Session:
    """The boto3 session every client of this cold start comes from (a new one after `reset`)."""
    if not _sessions:
        from estore import botodata

        _sessions.append(boto3.session.Session(botocore_session=botodata.session()))
    return _sessions[0]


def client(service: str) -> Any:
    if service not in _clients:
        _clients[service] = session().client(service, config=_CONFIGS.get(service, _DEFAULT))
    return _clients[service]


def resource(service: str) -> Any:
    if service not in _resources:
        _resources[service] = session().resource(service, config=_CONFIGS.get(service, _DEFAULT))
    return _resources[service]


def document_client(service: str = "dynamodb") -> Any:
    """A DynamoDB client that takes and answers plain Python values (conditions built with boto3's `Key`/
    `Attr` too), as boto3's Table resource does: the resource's own transformation handlers, registered
    on a client of its own, without loading the resource model."""
    key = f"{service}:document"
    if key not in _clients:
        from boto3.dynamodb.transform import TransformationInjector, copy_dynamodb_params

        made = session().client(service, config=_CONFIGS.get(service, _DEFAULT))
        injector = TransformationInjector()
        events = made.meta.events
        events.register("provide-client-params.dynamodb", copy_dynamodb_params, unique_id="dynamodb-create-params-copy")
        events.register(
            "before-parameter-build.dynamodb",
            injector.inject_condition_expressions,
            unique_id="dynamodb-condition-expression",
        )
        events.register(
            "before-parameter-build.dynamodb",
            injector.inject_attribute_value_input,
            unique_id="dynamodb-attr-value-input",
        )
        events.register(
            "after-call.dynamodb", injector.inject_attribute_value_output, unique_id="dynamodb-attr-value-output"
        )
        _clients[key] = made
    return _clients[key]


def reset() -> None:
    """Forget every client (the next call makes new ones from the current environment)."""
    _clients.clear()
    _resources.clear()
    _sessions.clear()
