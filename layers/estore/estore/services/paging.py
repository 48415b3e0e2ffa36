"""The one paging recipe: the client's cursor becomes a start position, the store reads a page from it,
and the position after the page becomes the next cursor (signed, bound to the list's scope)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from estore.config import get_settings
from estore.domain.pagination import Page, decode_cursor, encode_cursor

Position = dict[str, Any]


def paged[R, T](
    scope: str,
    cursor: str | None,
    read: Callable[[Position | None], tuple[Sequence[R], Position | None]],
    present: Callable[[list[R]], list[T]],
) -> Page[T]:
    """A page of the list named `scope`: `read(start)` returns the page's records and the position after
    them; `present` turns the records into what the API shows (all at once, so it may batch its reads).
    A cursor issued for another scope is a 400 INVALID_CURSOR."""
    secret = get_settings().require("cursor_secret")
    records, position = read(decode_cursor(cursor, secret=secret, scope=scope))
    return Page(items=present(list(records)), next_cursor=encode_cursor(position, secret=secret, scope=scope))


def each[R, T](view: Callable[[R], T]) -> Callable[[list[R]], list[T]]:
    """`present` for a view of one record at a time."""
    return lambda records: [view(record) for record in records]
