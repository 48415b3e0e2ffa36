"""One Logger, Tracer and Metrics for the whole process (service name and namespace come from env)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()
