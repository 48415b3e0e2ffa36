"""Domain errors. Each knows its HTTP status and code; http.py turns them into the one error shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import to_jsonable_python


def json_safe(details: Sequence[Any]) -> list[Any]:
    """Error details as plain JSON whatever a rule put in them (a Money, a datetime, a set): the one
    place that makes them safe, so reporting an error can never itself fail with a 500."""
    safe = to_jsonable_python(list(details), by_alias=True, fallback=str)
    return safe if isinstance(safe, list) else [safe]


class DomainError(Exception):
    status: int = 400
    code: str = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str | None = None, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or []

    @property
    def details(self) -> list[Any]:
        return self._details

    @details.setter
    def details(self, value: Sequence[Any]) -> None:
        self._details = json_safe(value)

    def to_dict(self) -> dict[str, Any]:
        """A plain form that survives a trip through Step Functions or a stored idempotent answer."""
        return {"status": self.status, "code": self.code, "message": self.message, "details": self.details}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> DomainError:
        error = DomainError(str(data["message"]), code=str(data["code"]), details=list(data.get("details") or []))
        error.status = int(data["status"])
        return error


class ValidationFailed(DomainError):
    status, code = 422, "VALIDATION_FAILED"

    @classmethod
    def field(cls, field: str, message: str) -> ValidationFailed:
        """A 422 about one field, in the same shape as request validation errors."""
        return cls(f"{field}: {message}", details=[{"field": field, "message": message}])


class Unauthorized(DomainError):
    status, code = 401, "UNAUTHORIZED"


class Forbidden(DomainError):
    status, code = 403, "FORBIDDEN"


class NotFound(DomainError):
    status, code = 404, "NOT_FOUND"


class Conflict(DomainError):
    status, code = 409, "CONFLICT"


class Unavailable(DomainError):
    status, code = 503, "UNAVAILABLE"


class Busy(DomainError):
    """A race lost again and again until the request's time ran out: nothing was written, retry later."""

    status, code = 409, "BUSY"
