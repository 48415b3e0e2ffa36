"""Tags: one slug per word a seller might type. "LEGO ", "lego" and "Légo" are one tag."""

from __future__ import annotations

import re
import unicodedata

from estore.domain.models import ApiModel

TAG_MAX_LENGTH = 50


def fold(text: str) -> str:
    """Lower case with accents removed: the form words are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def tag_name(raw: str) -> str:
    """The display name: surrounding and repeated white space removed, case kept."""
    return " ".join(raw.split())


def slugify(raw: str) -> str:
    """The tag's key: folded, runs of anything but letters and digits become one hyphen."""
    return re.sub(r"[^0-9a-z]+", "-", fold(raw)).strip("-")


def normalize_tags(raw_tags: list[str]) -> list[tuple[str, str]]:
    """(slug, name) per distinct tag, first spelling wins, order kept; empty slugs are errors."""
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_tags):
        slug = slugify(raw)
        if not slug:
            raise ValueError(f"tags.{index}: must contain a letter or a digit")
        if len(slug) > TAG_MAX_LENGTH:
            raise ValueError(f"tags.{index}: at most {TAG_MAX_LENGTH} characters")
        seen.setdefault(slug, tag_name(raw))
    return list(seen.items())


class Tag(ApiModel):
    slug: str
    name: str
