"""One Logger, Tracer and Metrics for the whole process (service name and namespace come from env)."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer

# A request that records no business metric is normal; Powertools would warn about it on every call.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()
