"""Is this deployment able to serve? Each dependency is checked for real and named when it fails."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field

from estore import blobs
from estore.config import get_settings
from estore.domain.models import ApiModel
from estore.observability import logger
from estore.store import health as table_health


class Health(ApiModel):
    status: str = Field(description='"ok", or "degraded" when a check fails')
    checks: dict[str, str] = Field(description='each dependency: "ok" or "failing"')
    version: str

    @property
    def healthy(self) -> bool:
        return self.status == "ok"


CHECKS: dict[str, Callable[[], None]] = {"table": table_health.check_table, "bucket": blobs.check_bucket}


def check_health() -> Health:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # a health check reports failures instead of raising them
            logger.exception("health check failed", extra={"check": name})
            results[name] = "failing"
    status = "ok" if all(value == "ok" for value in results.values()) else "degraded"
    return Health(status=status, checks=results, version=get_settings().app_version)
