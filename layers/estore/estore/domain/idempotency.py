"""Idempotency keys: what a valid key looks like and how two requests are told to be the same."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from estore.errors import ValidationFailed

KEY_MIN_LENGTH, KEY_MAX_LENGTH = 8, 100
KEY_PATTERN = rf"^[A-Za-z0-9_\-:.]{{{KEY_MIN_LENGTH},{KEY_MAX_LENGTH}}}$"
_KEY = re.compile(KEY_PATTERN.strip("^$"))
HEADER = "Idempotency-Key"


def check_key(key: str | None) -> str | None:
    """The key if well-formed (8-100 of letters, digits, - _ : .), None if absent; 422 otherwise."""
    if key is None:
        return None
    if not _KEY.fullmatch(key):
        raise ValidationFailed.field(HEADER, "must be 8-100 letters, digits, '-', '_', ':' or '.' (a UUID is ideal)")
    return key


def fingerprint(body: Any) -> str:
    """Same body, same fingerprint, whatever the key order or spacing."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def reused_key() -> ValidationFailed:
    return ValidationFailed(
        "This Idempotency-Key was used with a different request body.",
        code="IDEMPOTENCY_KEY_REUSED",
        details=[{"field": HEADER, "message": "already used with a different body"}],
    )
