"""Identifiers: random, URL-safe, and sortable by creation time (a ULID-like shape)."""

from __future__ import annotations

import secrets
import time
from typing import Annotated

from pydantic import Field

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def _base32(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, index = divmod(number, 32)
        chars.append(_ALPHABET[index])
    return "".join(reversed(chars))


def new_id(prefix: str = "") -> str:
    """26 characters: 48 bits of milliseconds then 80 random bits; later ids sort after earlier ones."""
    return prefix + _base32(time.time_ns() // 1_000_000, 10) + _base32(secrets.randbits(80), 16)


ID_MAX_LENGTH = 64
# Every id and slug a client may name (ULIDs, Cognito subs, tag slugs) fits this; anything else is refused
# at the edge, before it can reach a key.
ID_PATTERN = rf"^[A-Za-z0-9_-]{{1,{ID_MAX_LENGTH}}}$"

EntityId = Annotated[
    str, Field(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="an id: letters, digits, - _")
]
