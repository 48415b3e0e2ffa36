"""Text a client may store (titles, brands, notes, names): NFC-normalized, and free of the characters
that hide or reorder what a reader sees (control characters, bidi overrides, lone surrogates)."""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates (Trojan Source), marks, and the BOM / zero-width no-break space.
_INVISIBLE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_LINE_BREAKS = frozenset("\n\r\t")  # kept in multi-line text, folded into spaces in one-line text


def _refused(char: str) -> bool:
    if char in _LINE_BREAKS:
        return False
    if char in _INVISIBLE or char in "\u2028\u2029":
        return True
    category = unicodedata.category(char)
    # Cc: C0/C1 controls (NUL, ESC, DEL...); Cs: lone surrogates (unencodable as UTF-8);
    # Cn noncharacters such as U+FFFE are refused too.
    return category in ("Cc", "Cs") or (category == "Cn" and _is_noncharacter(char))


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def check_characters(value: str) -> str:
    """The text in NFC, or ValueError naming the first refused character."""
    for char in value:
        if _refused(char):
            raise ValueError(f"must not contain the control or invisible character U+{ord(char):04X}")
    return unicodedata.normalize("NFC", value)


def one_line(value: str) -> str:
    """Single-line text: checked, runs of white space (line breaks too) folded into one space."""
    cleaned = " ".join(check_characters(value).split())
    if not cleaned:
        raise ValueError("must not be blank")
    return cleaned


def multi_line(value: str) -> str:
    """Multi-line text: checked, line breaks kept, surrounding white space removed."""
    return check_characters(value).strip()


def plain(value: str) -> str:
    """Text stored as given (but checked and NFC), e.g. a reason or a file name."""
    return check_characters(value)
