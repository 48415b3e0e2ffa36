"""Unit of work: gathers a use case's writes and commits them as ONE TransactWriteItems.

Every operation may carry a condition and the domain error to raise when that condition is what
cancelled the transaction, so callers get "STORE_NAME_TAKEN", not "TransactionCanceledException".
A unit of work is plain data (`to_dict`/`from_dict`), so the steps of a workflow can each add their
writes and the last step commits them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from botocore.exceptions import ClientError

from estore.domain.events import DomainEvent
from estore.errors import Conflict, DomainError
from estore.store import dynamo, keys

MAX_ITEMS = 100


class TooManyWrites(DomainError):
    status, code = 422, "TOO_MANY_WRITES"


class Transaction(Protocol):
    """The unit of work as a service sees it: store functions add the writes, the service emits the
    events and commits. `UnitOfWork` is the DynamoDB one; tests/fakes has an in-memory one."""

    def emit(self, event: DomainEvent, *, retention_seconds: int = ...) -> object: ...

    def commit(self, *, client_token: str | None = None) -> None: ...

    def __len__(self) -> int: ...


@dataclass
class _Operation:
    request: dict[str, Any]
    on_condition_failed: DomainError | None


@dataclass
class UnitOfWork:
    """Writes to commit together. `commit()` makes exactly one DynamoDB call."""

    table_name: str
    operations: list[_Operation] = field(default_factory=list)

    def put(
        self,
        item: Mapping[str, Any],
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        on_condition_failed: DomainError | None = None,
    ) -> UnitOfWork:
        request: dict[str, Any] = {"TableName": self.table_name, "Item": dict(item)}
        self._add("Put", request, condition, names, values, on_condition_failed)
        return self

    def update(
        self,
        key: Mapping[str, str],
        expression: str,
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        on_condition_failed: DomainError | None = None,
    ) -> UnitOfWork:
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": dict(key),
            "UpdateExpression": expression,
        }
        self._add("Update", request, condition, names, values, on_condition_failed)
        return self

    def delete(
        self,
        key: Mapping[str, str],
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        on_condition_failed: DomainError | None = None,
    ) -> UnitOfWork:
        request: dict[str, Any] = {"TableName": self.table_name, "Key": dict(key)}
        self._add("Delete", request, condition, names, values, on_condition_failed)
        return self

    def check(
        self,
        key: Mapping[str, str],
        condition: str,
        *,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        on_condition_failed: DomainError | None = None,
    ) -> UnitOfWork:
        request: dict[str, Any] = {"TableName": self.table_name, "Key": dict(key)}
        self._add("ConditionCheck", request, condition, names, values, on_condition_failed)
        return self

    def _add(
        self,
        kind: str,
        request: dict[str, Any],
        condition: str | None,
        names: Mapping[str, str] | None,
        values: Mapping[str, Any] | None,
        on_condition_failed: DomainError | None,
    ) -> None:
        if len(self.operations) >= MAX_ITEMS:
            raise TooManyWrites(f"One change may touch at most {MAX_ITEMS} items.")
        if condition:
            request["ConditionExpression"] = condition
        if names:
            request["ExpressionAttributeNames"] = dict(names)
        if values:
            request["ExpressionAttributeValues"] = dict(values)
        self.operations.append(_Operation({kind: request}, on_condition_failed))

    def emit(self, event: DomainEvent, *, retention_seconds: int = 24 * 3600) -> UnitOfWork:
        """Records a domain event in the outbox: it exists exactly when the change it reports does."""
        expires = int(datetime.fromisoformat(event.occurred_at.replace("Z", "+00:00")).timestamp()) + retention_seconds
        item = {
            **keys.outbox(event.id),
            "type": "OUTBOX",
            "source": event.source.value,
            "detailType": event.detail_type,
            "detail": event.detail,
            "correlationId": event.correlation_id,
            "occurredAt": event.occurred_at,
            "expiresAt": expires,
        }
        return self.put(item)

    def __len__(self) -> int:
        return len(self.operations)

    def extend(self, other: UnitOfWork) -> UnitOfWork:
        for operation in other.operations:
            if len(self.operations) >= MAX_ITEMS:
                raise TooManyWrites(f"One change may touch at most {MAX_ITEMS} items.")
            self.operations.append(operation)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "tableName": self.table_name,
            "operations": [
                {
                    "request": operation.request,
                    "onConditionFailed": operation.on_condition_failed.to_dict()
                    if operation.on_condition_failed
                    else None,
                }
                for operation in self.operations
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UnitOfWork:
        uow = cls(str(data["tableName"]))
        for operation in data.get("operations", []):
            failed = operation.get("onConditionFailed")
            uow.operations.append(_Operation(operation["request"], DomainError.from_dict(failed) if failed else None))
        return uow

    def commit(self, *, client_token: str | None = None) -> None:
        """All the writes or none. A failed condition raises that operation's domain error."""
        if not self.operations:
            return
        kwargs: dict[str, Any] = {"TransactItems": [operation.request for operation in self.operations]}
        if client_token:
            kwargs["ClientRequestToken"] = client_token
        try:
            dynamo.client().transact_write_items(**kwargs)
        except ClientError as error:
            translated = self._translate(error)
            if translated is None:
                raise  # not a broken condition: the caller sees the real failure
            raise translated from error
        finally:
            self.operations = []

    def _translate(self, error: ClientError) -> DomainError | None:
        code = dynamo.error_code(error)
        if code == "TransactionCanceledException":
            reasons = error.response.get("CancellationReasons") or []
            failed = [
                operation.on_condition_failed or Conflict("The data changed while this request ran; try again.")
                for operation, reason in zip(self.operations, reasons, strict=False)
                if reason.get("Code") == "ConditionalCheckFailed"
            ]
            if failed:
                return _merged(failed)
            if any(reason.get("Code") == "TransactionConflict" for reason in reasons):
                return Conflict("Another change to the same data is in progress; try again.", code="BUSY")
        if code == "TransactionConflictException":
            return Conflict("Another change to the same data is in progress; try again.", code="BUSY")
        return None


def dynamo_uow(uow: Transaction) -> UnitOfWork:
    """The DynamoDB unit of work a store function writes into; any other Transaction is a wiring bug
    (a fake unit of work handed to the real store)."""
    if not isinstance(uow, UnitOfWork):
        raise TypeError(f"the DynamoDB store needs a UnitOfWork, not {type(uow).__name__}")
    return uow


def merged(errors: list[DomainError]) -> DomainError:
    """The error a cancelled transaction raises for its broken conditions (see _merged)."""
    return _merged(errors)


def _merged(errors: list[DomainError]) -> DomainError:
    """Every broken condition of the same kind as the first, as one error listing all their details
    (e.g. each cart line that is out of stock)."""
    first = errors[0]
    same = [error for error in errors if error.code == first.code]
    if len(same) == 1:
        return first
    merged = type(first)(first.message, code=first.code, details=[d for error in same for d in error.details])
    merged.status = first.status
    return merged
