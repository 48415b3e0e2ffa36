"""AWS clients, made lazily and once per cold start (botocore honours AWS_ENDPOINT_URL locally).

One registry, so a test or the local harness can drop every cached client at once (`reset`). Every client
comes from one botocore session whose data loader reads the layer's precomputed data cache
(`estore.botodata`: the same models, read faster; botocore's own loading when the cache does not match).
They are botocore's clients, the same ones `boto3.client` returns (boto3's session only adds S3 transfer
methods Estore does not use): boto3 itself is not imported, ~60-90 ms less at every cold start
(docs/decisions.md, "botocore's data from a cache, and no boto3 in a function").
"""

from __future__ import annotations

from typing import Any

import botocore.session
from botocore.config import Config

_DEFAULT = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)
_CONFIGS = {
    "s3": Config(signature_version="s3v4", retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2),
    # StartSyncExecution holds the connection for the whole workflow.
    "stepfunctions": Config(read_timeout=70, retries={"mode": "standard", "max_attempts": 2}, connect_timeout=2),
}
_clients: dict[str, Any] = {}
_resources: dict[str, Any] = {}
_sessions: list[botocore.session.Session] = []


def session() -> botocore.session.Session:
    """The botocore session every client of this cold start comes from (a new one after `reset`)."""
    if not _sessions:
        from estore import botodata

        _sessions.append(botodata.session())
    return _sessions[0]


def client(service: str) -> Any:
    if service not in _clients:
        _clients[service] = session().create_client(service, config=_CONFIGS.get(service, _DEFAULT))
    return _clients[service]


def resource(service: str) -> Any:
    """A boto3 resource (imports boto3: nothing in a function's request path uses one)."""
    if service not in _resources:
        import boto3

        made = boto3.session.Session(botocore_session=session())
        _resources[service] = made.resource(service, config=_CONFIGS.get(service, _DEFAULT))
    return _resources[service]


def document_client(service: str = "dynamodb") -> Any:
    """A DynamoDB client that takes and answers plain Python values (conditions built with `Key`/`Attr`
    of `estore.ddb.conditions` too), as boto3's Table resource does: the resource's own transformation
    handlers (vendored in `estore.ddb`), registered on a client of its own, without the resource model."""
    key = f"{service}:document"
    if key not in _clients:
        from estore.ddb.transform import TransformationInjector, copy_dynamodb_params

        made = session().create_client(service, config=_CONFIGS.get(service, _DEFAULT))
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


def reset(session: botocore.session.Session | None = None) -> None:
    """Forget every client: the next ones are made from the current environment, from `session` when one
    is given (the in-process local cloud passes boto3's default session, on whose events its gap fillers
    and call counters sit), else from a new session of Estore's own."""
    _clients.clear()
    _resources.clear()
    _sessions.clear()
    if session is not None:
        _sessions.append(session)
