"""One Logger, Tracer and Metrics for the whole process (service name and namespace come from env).

Tracing: every function runs with Lambda's active tracing (template.yaml), which records each invocation
(init, invocation, overhead) outside the process, with no SDK. The X-Ray SDK adds subsegments for every
AWS call, the cold-start annotation and the handler's exceptions, but importing it and patching botocore
is most of a function's init. So it loads only when DETAILED_TRACING is true (the template's
DetailedTracing parameter), or on the first use of anything other than `capture_lambda_handler`.
See docs/decisions.md, "Tracing and cold start".
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics, single_metric
from aws_lambda_powertools.metrics import MetricUnit

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

DETAILED_TRACING = "DETAILED_TRACING"
Handler = TypeVar("Handler", bound=Callable[..., Any])

# A request that records no business metric is normal; Powertools would warn about it on every call.
warnings.filterwarnings("ignore", message="No application metrics to publish")


def detailed_tracing() -> bool:
    """Whether this function traces its own work with the X-Ray SDK (off unless DETAILED_TRACING is true)."""
    return os.environ.get(DETAILED_TRACING, "false").strip().lower() in {"1", "true", "yes", "on"}


class LazyTracer:
    """Powertools' Tracer, made (X-Ray SDK imported, botocore patched) only when it is needed.

    With detailed tracing on, `capture_lambda_handler` wraps the handler as Powertools does. With it off,
    the handler is left as it is; any other use (put_annotation, capture_method, ...) still works: it
    makes a disabled Tracer then, so the SDK loads on first use and nothing is sent.
    """

    def __init__(self) -> None:
        self._tracer: Tracer | None = None

    @property
    def powertools(self) -> Tracer:
        if self._tracer is None:
            from aws_lambda_powertools import Tracer

            self._tracer = Tracer() if detailed_tracing() else Tracer(disabled=True, auto_patch=False)
        return self._tracer

    def capture_lambda_handler(self, handler: Handler) -> Handler:
        if not detailed_tracing():
            return handler
        return cast(Handler, self.powertools.capture_lambda_handler(handler))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.powertools, name)


logger = Logger()
tracer = LazyTracer()
metrics = Metrics()


def count_rejection(name: str, reason: str) -> None:
    """A metric with a `reason` dimension (e.g. CheckoutRejected by OUT_OF_STOCK), flushed at once."""
    with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=metrics.namespace) as metric:
        metric.add_dimension(name="reason", value=reason)
