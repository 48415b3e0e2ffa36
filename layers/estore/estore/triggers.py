"""The one decorator stack of every function that is not behind the API: streams, the bus, S3, Cognito,
workflow tasks and deployment hooks. (API functions get theirs from `estore.http.entrypoint`.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.common import DictWrapper
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.observability import logger, metrics, tracer

RawHandler = Callable[[dict[str, Any], LambdaContext], Any]


def trigger(event: type[DictWrapper] | None = None) -> Callable[[Callable[..., Any]], RawHandler]:
    """Wraps a handler: logging context (cleared per invocation), tracing, metrics flushed at the end, and
    the raw event wrapped in the Powertools data class `event` when given."""

    def wrap(handler: Callable[..., Any]) -> RawHandler:
        inner = event_source(data_class=event)(handler) if event is not None else handler
        inner = metrics.log_metrics(inner)
        inner = tracer.capture_lambda_handler(inner)
        return cast(RawHandler, logger.inject_lambda_context(clear_state=True)(inner))

    return wrap


def follow(correlation_id: str | None, **keys: Any) -> None:
    """Logs the rest of this invocation under the correlation id of what caused it, with `keys`."""
    logger.set_correlation_id(correlation_id)
    if keys:
        logger.append_keys(**keys)
