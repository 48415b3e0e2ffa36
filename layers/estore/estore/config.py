"""Settings read once per cold start from the function's environment (set by template.yaml)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache

from pydantic import BaseModel, ConfigDict, Field


class MissingSetting(RuntimeError):
    """A function needs a setting its template entry does not give it: a deployment bug, not user error."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    table_name: str = Field(min_length=1)
    stage: str = "dev"
    app_version: str = "0.0.0"
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    images_bucket: str | None = None
    user_pool_id: str | None = None
    event_bus_name: str | None = None
    max_image_bytes: int = Field(default=512000, gt=0)
    cursor_secret: str | None = None
    create_product_state_machine_arn: str | None = None
    import_state_machine_arn: str | None = None
    payment_provider: str = Field(default="none", pattern=r"^(none|fake)$")
    platform_fee_bps: int = Field(default=500, ge=0, le=5000)
    max_transaction_amount: int = Field(default=1_000_000, gt=0)
    api_url_parameter: str | None = None  # SSM parameter holding the API's URL (for the deployment smoke check)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        fields = {name: env[name.upper()] for name in cls.model_fields if name.upper() in env}
        return cls.model_validate(fields)

    def require(self, name: str) -> str:
        """The named setting, or MissingSetting naming the environment variable that is not set."""
        value = getattr(self, name)
        if not value:
            raise MissingSetting(f"{name.upper()} is not set for this function")
        return str(value)


@cache
def get_settings() -> Settings:
    """The process's settings, validated on first use."""
    return Settings.from_env()
