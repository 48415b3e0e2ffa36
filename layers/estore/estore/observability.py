"""One Logger, Tracer and Metrics for the whole process (service name and namespace come from env)."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer, single_metric
from aws_lambda_powertools.metrics import MetricUnit

# A request that records no business metric is normal; Powertools would warn about it on every call.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()


def count_rejection(name: str, reason: str) -> None:
    """A metric with a `reason` dimension (e.g. CheckoutRejected by OUT_OF_STOCK), flushed at once."""
    with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=metrics.namespace) as metric:
        metric.add_dimension(name="reason", value=reason)
