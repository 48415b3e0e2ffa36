"""GET /search: the words typed, planned against the vocabulary, a few posting lists read, ranked in memory,
and the page checked against its entries. The index is reached through a narrow port (`SearchIndex`): the
DynamoDB store here, an in-memory index in the replay bench, which so runs this very code. The indexer
that keeps the index is `estore.services.search_index`; see docs/search.md.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Protocol

from estore import blobs, clock
from estore.config import get_settings
from estore.domain.catalog import ProductSummary
from estore.domain.images import SMALL, thumbnail_key
from estore.domain.pagination import InvalidCursor, Page, decode_cursor, encode_cursor
from estore.domain.search import CATEGORY_TERM, Candidate, Query, parse_query, passes, search_scope
from estore.domain.search_plan import Vocabulary, gather, plan, reads
from estore.domain.search_rank import rank
from estore.domain.tags import slugify
from estore.errors import ValidationFailed
from estore.observability import logger, metrics
from estore.store import search as store

POSTINGS_PER_READ = 90  # one posting list is read this deep for a first page (newest products first)
MAX_RESULTS = 300  # how deep a query can be paged
VOCABULARY_REFRESH_S = 60.0
MISS_REFRESH_S = 2.0  # a typed word matching nothing known: look for words added since, at most this often
VOCABULARY_OVERLAP = timedelta(minutes=2)  # clock skew between indexers and the index's lag
TAG_BROWSE_ROUNDS = 3  # a tag's page is filled in at most this many reads of its products (2 calls each)


class SearchIndex(Protocol):
    """What answering a query needs from the index (`estore.store.search` is the DynamoDB one)."""

    def handle(self) -> Any: ...

    def vocabulary_since(self, added_after: str | None) -> list[tuple[str, str]]: ...

    def read_postings(self, terms: Sequence[str], limit: int) -> Mapping[str, Sequence[Candidate]]: ...

    def get_entries(self, product_ids: Sequence[str]) -> Mapping[str, dict[str, Any]]: ...


class Searcher:
    """The query side of search in one container: the index it reads, the vocabulary it holds (loaded once,
    then only the words added since) and the posting list lengths it has seen (they order the next reads;
    only a hint: a stale length costs a read, never a wrong result). Both start over on a new table handle."""

    MAX_LENGTHS = 50_000

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.owner: Any = None
        self.vocabulary = Vocabulary()
        self.refreshed = 0.0
        self.since: str | None = None
        self.lengths: dict[str, int] = {}

    def _current(self) -> None:
        handle = self.index.handle()
        if handle is not self.owner or len(self.lengths) > self.MAX_LENGTHS:
            if handle is not self.owner:
                self.vocabulary, self.refreshed, self.since = Vocabulary(), 0.0, None
            self.owner, self.lengths = handle, {}

    def known_words(self, *, missed: bool = False) -> Vocabulary:
        age = time.monotonic() - self.refreshed
        if not self.refreshed or age > VOCABULARY_REFRESH_S or (missed and age > MISS_REFRESH_S):
            started = clock.now()
            self.vocabulary.add(term for term, _ in self.index.vocabulary_since(self.since))
            self.since = store.stamp(started - VOCABULARY_OVERLAP)
            self.refreshed = time.monotonic()
        return self.vocabulary

    def ranked_page(
        self, query: Query, tag: str | None, category: str | None, limit: int, offset: int
    ) -> tuple[list[ProductSummary], int | None]:
        """The page of `limit` products from `offset` on in the query's ranking, and the next page's offset."""
        self._current()
        vocabulary = self.known_words()
        plan(query, vocabulary)
        if any(group[0] not in vocabulary for group in query.groups):  # a word nothing known is near: new words?
            known = len(vocabulary)
            vocabulary = self.known_words(missed=True)
            if len(vocabulary) > known:
                plan(query, vocabulary)
        depth = max(POSTINGS_PER_READ, offset + limit)
        lengths = self.lengths

        def read(terms: Sequence[str]) -> Mapping[str, Sequence[Candidate]]:
            found = self.index.read_postings(terms, depth)
            lengths.update((term, len(postings)) for term, postings in found.items())
            return found

        ranked = gather(query, reads(query, lengths), read, tag, category)[:MAX_RESULTS]
        items, next_index = self._shown(ranked, offset, limit, query, tag, category)
        return items, (next_index if next_index < len(ranked) else None)

    def _shown(
        self, ranked: list[Candidate], offset: int, limit: int, query: Query, tag: str | None, category: str | None
    ) -> tuple[list[ProductSummary], int]:
        """Summaries of the next `limit` searchable products from `offset` on, and where the page after starts.
        Postings may briefly outlive or lag their entry: an entry no longer searchable, or no longer matching
        the query and filters by its own words, is skipped."""
        items: list[ProductSummary] = []
        index = offset
        while index < len(ranked) and len(items) < limit:
            chunk = ranked[index : index + limit - len(items)]
            entries = self.index.get_entries([candidate.product_id for candidate in chunk])
            for candidate in chunk:
                index += 1
                entry = entries.get(candidate.product_id)
                if entry and entry.get("searchable") and _still_matches(entry, candidate, query, tag, category):
                    items.append(_summary(entry))
        return items, index


_searcher = Searcher(store)


# ---------------------------------------------------------------- GET /search
def search(q: str, tag: str | None, category: str | None, limit: int, cursor: str | None) -> Page[ProductSummary]:
    """A page of searchable products for the typed words (typos allowed), or of a tag or category."""
    query = parse_query(q)
    tag_slug = slugify(tag) if tag else None
    category_slug = slugify(category) if category else None
    if query.empty and not tag_slug and not category_slug:
        raise ValidationFailed.field("q", "type what you are looking for, or choose a tag or a category")
    secret = get_settings().require("cursor_secret")
    scope = search_scope(query, tag_slug, category_slug)
    position = decode_cursor(cursor, secret=secret, scope=scope)
    if query.empty:
        items, after = _browse(tag_slug, category_slug, limit, position)
    else:
        items, after = _ranked(query, tag_slug, category_slug, limit, position)
    if not items and position is None:
        metrics.add_metric(name="SearchZeroResults", unit="Count", value=1)
        logger.info("search found nothing", extra={"query": query.text, "tag": tag_slug, "category": category_slug})
    return Page(items=items, next_cursor=encode_cursor(after, secret=secret, scope=scope))


def _ranked(
    query: Query, tag: str | None, category: str | None, limit: int, position: dict[str, Any] | None
) -> tuple[list[ProductSummary], dict[str, Any] | None]:
    items, after = _searcher.ranked_page(query, tag, category, limit, _offset(position))
    return items, ({"offset": after} if after is not None else None)


def _offset(position: dict[str, Any] | None) -> int:
    if position is None:
        return 0
    offset = position.get("offset")
    if not isinstance(offset, int) or offset < 0:
        raise InvalidCursor("The cursor is not one this API issued.")
    return offset


def _still_matches(
    entry: dict[str, Any], candidate: Candidate, query: Query, tag: str | None, category: str | None
) -> bool:
    """Whether the entry, by its own words, category and tags, answers the query and filters (the posting
    ranked may be older than the entry). Unchanged since the posting: it was ranked and filtered already."""
    current = Candidate(
        str(entry["productId"]),
        str(entry.get("text", "")),
        str(entry.get("category", "")),
        tuple(entry.get("tags") or []),
    )
    if current == candidate:
        return True
    return passes(current, tag, category) and bool(rank(query, [current]))


def _browse(
    tag: str | None, category: str | None, limit: int, position: dict[str, Any] | None
) -> tuple[list[ProductSummary], dict[str, Any] | None]:
    start = position.get("key") if position else None
    if position is not None and not isinstance(start, dict):
        raise InvalidCursor("The cursor is not one this API issued.")
    if tag:
        return _browse_tag(tag, category, limit, start)
    postings, after = store.browse(CATEGORY_TERM + str(category), limit, start, None)
    entries = store.get_entries([posting.product_id for posting in postings])
    items = [
        _summary(entries[posting.product_id])
        for posting in postings
        if entries.get(posting.product_id, {}).get("searchable")
    ]
    return items, ({"key": after} if after else None)


def _browse_tag(
    tag: str, category: str | None, limit: int, start: dict[str, Any] | None
) -> tuple[list[ProductSummary], dict[str, Any] | None]:
    """A tag's searchable products, newest first: the catalog's list of the tag's products, checked against
    their entries (searchable, and in the category if one is asked), a few rounds to fill the page."""
    if start is not None and not store.is_tag_position(tag, start):
        raise InvalidCursor("The cursor is not one this API issued.")
    items: list[ProductSummary] = []
    after = start
    for _ in range(TAG_BROWSE_ROUNDS):
        product_ids, after = store.tag_products(tag, limit - len(items), after)
        entries = store.get_entries(product_ids) if product_ids else {}
        for product_id in product_ids:
            entry = entries.get(product_id, {})
            if entry.get("searchable") and (category is None or entry.get("category") == category):
                items.append(_summary(entry))
        if after is None or len(items) >= limit:
            break
    return items, ({"key": after} if after else None)


def _summary(entry: dict[str, Any]) -> ProductSummary:
    key = entry.get("imageKey")
    urls: dict[str, str | None] = {"image": None, "thumbnail": None}
    if key:
        urls = {"image": blobs.image_url(str(key)), "thumbnail": blobs.image_url(thumbnail_key(str(key), SMALL))}
    return ProductSummary.model_validate({**entry["summary"], **urls})
