"""Users and sellers: profiles, store names, and the rules around becoming a seller."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from estore.domain.models import ApiModel, RequestModel

STORE_NAME_MIN, STORE_NAME_MAX = 2, 60


class SellerStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"


def clean_store_name(value: str) -> str:
    """Trim and collapse inner white space; refuse control characters and names out of bounds."""
    cleaned = " ".join(value.split())
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        raise ValueError("must not contain control characters")
    if not STORE_NAME_MIN <= len(cleaned) <= STORE_NAME_MAX:
        raise ValueError(f"must be {STORE_NAME_MIN} to {STORE_NAME_MAX} characters")
    return unicodedata.normalize("NFC", cleaned)


def store_name_key(name: str) -> str:
    """The form two store names are compared in: accents folded, case folded, punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", "-", without_accents.casefold()).strip("-") or without_accents.casefold()


StoreName = Annotated[str, AfterValidator(clean_store_name)]


class OpenStore(RequestModel):
    """POST /sellers."""

    store_name: StoreName = Field(description="The store's public name, 2-60 characters, unique.")


class SellerProfile(ApiModel):
    id: str
    store_name: str
    rating: float | None = Field(default=None, description="Average review rating, null before any review.")
    review_count: int = 0
    status: SellerStatus = SellerStatus.ACTIVE
    created_at: str


class PublicSeller(ApiModel):
    """GET /sellers/{sellerId}: what anyone may see of a store."""

    id: str
    store_name: str
    rating: float | None = None
    review_count: int = 0


class UserProfile(ApiModel):
    user_id: str
    email: str | None = None
    created_at: str


class Me(ApiModel):
    """GET /me."""

    user_id: str
    email: str | None
    roles: list[str]
    seller: SellerProfile | None
