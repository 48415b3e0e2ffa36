"""Validation errors in the API's words: one detail per field, named as the client spelled it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from estore.errors import ValidationFailed

_SOURCES = {"body", "query", "path", "header", "cookie"}


def field_name(location: Sequence[Any]) -> str:
    """'offer.price.amount' from pydantic's ('body', 'offer', 'price', 'amount'); 'limit' from ('query', 'limit')."""
    parts = [to_camel(part) if isinstance(part, str) else str(part) for part in location]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        if not parts or (source == "body" and all(part.isdigit() for part in parts)):
            return source  # the whole body: malformed JSON or not an object
    return ".".join(parts)


def validation_details(errors: Sequence[Any]) -> list[dict[str, str]]:
    details = []
    for error in errors:
        message = "is not valid JSON" if error.get("type") == "json_invalid" else str(error.get("msg", "invalid"))
        details.append({"field": field_name(error.get("loc", ())), "message": message})
    return details


def invalid(details: list[dict[str, str]]) -> ValidationFailed:
    fields = ", ".join(sorted({detail["field"] for detail in details}))
    return ValidationFailed(f"Invalid request: {fields}.", details=details)


def validation_error(error: ValidationError) -> ValidationFailed:
    """A pydantic error raised outside the resolver (e.g. one row of a batch) as the API's 422."""
    return invalid(validation_details(error.errors()))
