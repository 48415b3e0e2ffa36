"""Pages and cursors. A cursor is opaque and tamper-evident: signed, and bound to the list it pages."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from pydantic import Field

from estore.domain.models import ApiModel
from estore.errors import DomainError

DEFAULT_LIMIT, MAX_LIMIT = 20, 100

Limit = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="page size, 1-100")


class InvalidCursor(DomainError):
    status, code = 400, "INVALID_CURSOR"


def _sign(secret: str, scope: str, payload: bytes) -> bytes:
    return hmac.new(secret.encode(), scope.encode() + b"\x00" + payload, hashlib.sha256).digest()[:16]


def encode_cursor(position: dict[str, Any] | None, *, secret: str, scope: str) -> str | None:
    """The next page's cursor for `position` (a DynamoDB LastEvaluatedKey), or None at the end.

    `scope` names the list (e.g. "seller-images:<id>"): a cursor from one list is refused by another.
    """
    if not position:
        return None
    payload = json.dumps(position, sort_keys=True, separators=(",", ":"), default=str).encode()
    token = _sign(secret, scope, payload) + payload
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, secret: str, scope: str) -> dict[str, Any] | None:
    """The position a cursor stands for; 400 INVALID_CURSOR when it was not issued for this list."""
    if not cursor:
        return None
    try:
        token = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidCursor("The cursor is not one this API issued.") from error
    signature, payload = token[:16], token[16:]
    if len(signature) < 16 or not hmac.compare_digest(signature, _sign(secret, scope, payload)):
        raise InvalidCursor("The cursor is not one this API issued.")
    position = json.loads(payload)
    if not isinstance(position, dict):
        raise InvalidCursor("The cursor is not one this API issued.")
    return position


class Page[T](ApiModel):
    items: list[T]
    next_cursor: str | None = None
