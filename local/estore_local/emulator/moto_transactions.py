"""DynamoDB TransactWriteItems for moto at the cost of the items touched, not of the table.

moto 5 saves a deep copy of every table a transaction names, once per transaction item, so that it can
put the copies back when the transaction is cancelled: at 4,000 items in the table one transaction of one
Put took ~360 ms, and the copies kept the local cloud growing by tens of MB per request. Here the
transaction keeps a journal instead: before an item is written, its previous image (or its absence) is
remembered, and a cancellation puts exactly those images back. Global and local secondary indexes in
moto are computed from the table's items when queried (through `moto_queries`' map of index partitions,
which a roll-back keeps in step), so restoring the items restores the indexes.

The stream guarantee is kept: a cancelled transaction leaves no stream record (each write appended one;
the shard is trimmed back to its length before the transaction, in place, so open iterators stay valid).

Everything else is moto's own: the validation of each operation, the conditions, the per-item error codes
of `TransactionCanceledException`, and the writes themselves (`put_item`, `update_item`, `delete_item`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from estore_local.emulator import moto_queries

_INSTALLED_FLAG = "estore_item_journal"
_OPERATIONS = frozenset({"ConditionCheck", "Put", "Delete", "Update"})


@dataclass
class _Saved:
    """One item's state before the transaction wrote it."""

    table: Any  # moto Table
    hash_key: Any  # DynamoType
    range_key: Any  # DynamoType | None
    previous: Any  # moto Item (a private copy) or None when the item did not exist


class _Journal:
    """The previous images of the items a transaction wrote, and each stream's length before it."""

    def __init__(self) -> None:
        self._saved: list[_Saved] = []
        self._stream_lengths: dict[int, tuple[Any, int]] = {}

    def remember(self, table: Any, hash_key: Any, range_key: Any) -> None:
        current = table.get_item(hash_key, range_key)
        self._saved.append(_Saved(table, hash_key, range_key, copy.deepcopy(current)))
        shard = table.stream_shard
        if shard is not None and id(shard) not in self._stream_lengths:
            self._stream_lengths[id(shard)] = (shard, len(shard.items))

    def roll_back(self) -> None:
        for saved in reversed(self._saved):
            _put_back(saved)
        for shard, length in self._stream_lengths.values():
            del shard.items[length:]
        self._saved.clear()
        self._stream_lengths.clear()


def _put_back(saved: _Saved) -> None:
    """Restores one item's previous image without writing a stream record (nothing happened, to a reader)."""
    try:
        _restore(saved)
    finally:
        moto_queries.item_written(saved.table, saved.hash_key, saved.range_key)


def _restore(saved: _Saved) -> None:
    items = saved.table.items
    if saved.range_key is None:
        if saved.previous is None:
            items.pop(saved.hash_key, None)
        else:
            items[saved.hash_key] = saved.previous
        return
    partition = items.get(saved.hash_key)
    if saved.previous is not None:
        if partition is None:
            partition = items[saved.hash_key] = {}
        partition[saved.range_key] = saved.previous
        return
    if partition is not None:
        partition.pop(saved.range_key, None)
        if not partition:  # an empty partition is invisible to reads; dropping it keeps memory flat
            del items[saved.hash_key]


def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
    """moto's TransactWriteItems, with a journal of touched items in place of whole-table copies."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    journal = _Journal()
    targets: set[tuple[str, str]] = set()
    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []

    for entry in transact_items:
        failed_item: dict[str, Any] | None = None
        if len(entry) > 1:
            journal.roll_back()
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(entry.items()))
            if op_type not in _OPERATIONS:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            condition = op.get("ConditionExpression")
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            table = backend.get_table(table_name)
            if op_type == "Put":
                attrs = op["Item"]
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]

            target = (str(table_name), str(dict(sorted(key.items()))))
            if target in targets:
                raise MultipleTransactionsException()
            targets.add(target)

            current = backend.get_item(table_name, key)
            if condition is not None and not get_filter_expression(condition, names, values).expr(current):
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    failed_item = current.to_json()["Attributes"]
                raise ConditionalCheckFailed(item=failed_item)

            if op_type == "ConditionCheck":
                errors.append((None, None, None))
                continue
            hash_key, range_key = backend.get_keys_value(table, key)
            journal.remember(table, hash_key, range_key)
            if op_type == "Put":
                backend.put_item(
                    table_name,
                    op["Item"],
                    condition_expression=condition,
                    expression_attribute_names=names,
                    expression_attribute_values=values,
                )
            elif op_type == "Delete":
                backend.delete_item(
                    table_name,
                    key,
                    condition_expression=condition,
                    expression_attribute_names=names,
                    expression_attribute_values=values,
                )
            else:
                backend.update_item(
                    table_name,
                    key,
                    update_expression=op["UpdateExpression"],
                    condition_expression=condition,
                    expression_attribute_names=names,
                    expression_attribute_values=values,
                )
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            journal.roll_back()
            raise
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), failed_item))
        except Exception as error:  # moto reports any other failure as that item's cancellation reason
            errors.append((type(error).__name__, str(error), failed_item))

    if any(code is not None for code, _, _ in errors):
        journal.roll_back()
        raise TransactionCanceledException(errors)


def install() -> None:
    """Replaces moto's TransactWriteItems with the journaled one (idempotent; process-wide)."""
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend.transact_write_items, _INSTALLED_FLAG, False):
        return

    def journaled(self: Any, transact_items: list[dict[str, Any]]) -> None:
        transact_write_items(self, transact_items)

    setattr(journaled, _INSTALLED_FLAG, True)
    DynamoDBBackend.transact_write_items = journaled  # type: ignore[method-assign]
