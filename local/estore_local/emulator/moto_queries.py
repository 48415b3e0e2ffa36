"""DynamoDB Query for moto at the cost of the partition read, not of the table.

moto 5 answers every Query, on the table or on an index, by sorting all of the table's items and testing
each one (`Table.all_items()`): measured on the shared local cloud, a Query on a GSI took ~430 ms at
10,000 items and ~1.1 s at 25,000, under the one lock every AWS call of the local cloud waits on. A
1,000-row import grows the table by ~15,000 items while the search indexer runs one such Query per event,
so the cost grew with the square of the catalog and every other test's calls queued behind it.

Here a Query reads only its candidates; everything else (key conditions, sorting, paging, filters,
projections, limits) is moto's own code, run on those candidates:
- on the table: the items of the queried partition (`Table.items[hash_key]`), as DynamoDB does;
- on an index: the items whose index partition key equals the queried one, from a map kept per table
  (built from all items the first time that table is queried on an index, then kept in step by every
  write: `Table.put_item`, `Table.delete_item`, `DynamoDBBackend.update_item` (in place), and the
  journaled transactions' roll-back, `moto_transactions`). PartiQL statements drop the map (rebuilt on
  the next index Query).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

_INSTALLED_FLAG = "estore_partition_query"
_MAP = "_estore_index_partitions"
_local = threading.local()

Key = tuple[Any, Any]  # (hash key, range key or None) of a table item, as DynamoTypes


class IndexPartitions:
    """For one table: index name and index partition key -> the keys of the table items in it."""

    def __init__(self, table: Any) -> None:
        self._hash_attrs = {
            index.name: [key["AttributeName"] for key in index.schema if key["KeyType"] == "HASH"]
            for index in table.all_indexes()
        }
        self._members: dict[tuple[str, tuple[Any, ...]], dict[Key, None]] = {}
        self._placed: dict[Key, list[tuple[str, tuple[Any, ...]]]] = {}
        for item in _every_item(table):
            self.place(item.hash_key, item.range_key, item)

    def place(self, hash_key: Any, range_key: Any, item: Any | None) -> None:
        """Files the item now stored under this key (None: nothing is) in the partitions it belongs to."""
        key = (hash_key, range_key)
        for partition in self._placed.pop(key, []):
            members = self._members.get(partition)
            if members is not None:
                members.pop(key, None)
                if not members:
                    del self._members[partition]
        if item is None:
            return
        placed = []
        for index_name, attrs in self._hash_attrs.items():
            values = [item.attrs.get(attr) for attr in attrs]
            if not attrs or any(value is None for value in values):
                continue  # DynamoDB leaves an item without the index's keys out of that index
            partition = (index_name, tuple(values))
            self._members.setdefault(partition, {})[key] = None
            placed.append(partition)
        if placed:
            self._placed[key] = placed

    def candidates(self, index_name: str, conditions: dict[str, Any]) -> list[Key] | None:
        """The keys in the index partition the conditions name; None when they do not name one."""
        attrs = self._hash_attrs.get(index_name)
        if not attrs or any(attr not in conditions for attr in attrs):
            return None
        return list(self._members.get((index_name, tuple(conditions[attr] for attr in attrs)), {}))


def _every_item(table: Any) -> Iterator[Any]:
    for stored in table.items.values():
        if table.range_key_attr:
            yield from stored.values()
        else:
            yield stored


def _stored(table: Any, hash_key: Any, range_key: Any) -> Any | None:
    stored = table.items.get(hash_key)
    if stored is None or not table.range_key_attr:
        return stored
    found: Any | None = stored.get(range_key)
    return found


def item_written(table: Any, hash_key: Any, range_key: Any) -> None:
    """Keeps the table's index map (if it has one yet) in step after the item under this key changed."""
    partitions: IndexPartitions | None = table.__dict__.get(_MAP)
    if partitions is not None:
        partitions.place(hash_key, range_key if table.range_key_attr else None, _stored(table, hash_key, range_key))


def _partitions(table: Any) -> IndexPartitions:
    partitions: IndexPartitions | None = table.__dict__.get(_MAP)
    if partitions is None:
        partitions = table.__dict__[_MAP] = IndexPartitions(table)
    return partitions


def _candidates(table: Any, hash_key: Any, index_name: str | None, conditions: Any) -> list[Any] | None:
    """The items a Query may return, or None to let moto look at every item."""
    if index_name is None:
        if hash_key is None:
            return None
        stored = table.items.get(hash_key)
        if stored is None:
            return []
        return list(stored.values()) if table.range_key_attr else [stored]
    named = dict(conditions or [])
    keys = _partitions(table).candidates(index_name, named)
    if keys is None:
        return None
    found = (_stored(table, hash_key, range_key) for hash_key, range_key in keys)
    return [item for item in found if item is not None]


def install() -> None:
    """Patches moto's Table.query and the writes that keep the index map current (idempotent)."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    if getattr(Table.query, _INSTALLED_FLAG, False):
        return
    original_query, original_all_items = Table.query, Table.all_items
    original_put, original_delete = Table.put_item, Table.delete_item
    original_update = DynamoDBBackend.update_item
    original_statement = DynamoDBBackend.execute_statement

    def all_items(self: Any) -> Any:
        only = getattr(_local, "only", None)
        if only is not None and only[0] is self:
            return sorted(only[1], key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)
        return original_all_items(self)

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        candidates = _candidates(self, hash_key, index_name, kwargs.get("hash_key_conditions"))
        if candidates is None:
            return original_query(self, hash_key, *args, **kwargs)
        _local.only = (self, candidates)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _local.only = None

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = original_put(self, *args, **kwargs)
        item_written(self, item.hash_key, item.range_key)
        return item

    def delete_item(self: Any, hash_key: Any, range_key: Any = None) -> Any:
        try:
            return original_delete(self, hash_key, range_key)
        finally:
            item_written(self, hash_key, range_key)

    def update_item(self: Any, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return original_update(self, table_name, key, *args, **kwargs)
        finally:  # an update changes the stored item in place, possibly its index keys
            table = self.get_table(table_name)
            if table.__dict__.get(_MAP) is not None:
                item_written(table, *self.get_keys_value(table, key))

    def execute_statement(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original_statement(self, *args, **kwargs)
        finally:  # PartiQL writes items its own way: start the maps over
            for table in self.tables.values():
                table.__dict__.pop(_MAP, None)

    setattr(query, _INSTALLED_FLAG, True)
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    Table.put_item = put_item  # type: ignore[method-assign]
    Table.delete_item = delete_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]
    DynamoDBBackend.execute_statement = execute_statement  # type: ignore[method-assign]
