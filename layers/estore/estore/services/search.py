"""Search: keeping the index in step with the catalog (the indexer), and answering GET /search.

The indexer recomputes a product's entry from the source of truth on every event about it, so it does
not matter how often or in which order events arrive. The search function reads postings for the typed
words (and their near spellings), ranks the candidates in memory, and shows only searchable entries.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from estore import blobs, clock
from estore.config import get_settings
from estore.domain.catalog import Condition, Offer, ProductSummary
from estore.domain.images import SMALL, thumbnail_key
from estore.domain.pagination import InvalidCursor, Page, decode_cursor, encode_cursor
from estore.domain.search import (
    CATEGORY_TERM,
    PAIR_TERM,
    TAG_TERM,
    Candidate,
    Query,
    SearchEntry,
    parse_query,
    passes,
    search_scope,
    searchable_entry,
)
from estore.domain.search_plan import Vocabulary, gather, plan, reads
from estore.domain.search_rank import rank
from estore.domain.tags import slugify
from estore.errors import ValidationFailed
from estore.observability import logger, metrics
from estore.store import catalog as catalog_store
from estore.store import dynamo
from estore.store import identity as identity_store
from estore.store import search as store

POSTINGS_PER_READ = 90  # one posting list is read this deep for a first page (newest products first)
MAX_RESULTS = 300  # how deep a query can be paged
VOCABULARY_REFRESH_S = 60.0
MISS_REFRESH_S = 2.0  # a typed word matching nothing known: look for words added since, at most this often
VOCABULARY_OVERLAP = timedelta(minutes=2)  # clock skew between indexers and the index's lag


# ---------------------------------------------------------------- per-container caches
class _VocabularyCache:
    """The vocabulary, loaded once per container and then only what was added since (incremental)."""

    def __init__(self) -> None:
        self.owner: Any = None
        self.reset()

    def reset(self) -> None:
        self.vocabulary = Vocabulary()
        self.refreshed: float = 0.0
        self.since: str | None = None

    def get(self, *, missed: bool = False) -> Vocabulary:
        resource = dynamo.resource()
        if resource is not self.owner:  # another table handle (a new container, or a test): start over
            self.reset()
            self.owner = resource
        age = time.monotonic() - self.refreshed
        if not self.refreshed or age > VOCABULARY_REFRESH_S or (missed and age > MISS_REFRESH_S):
            started = clock.now()
            self.vocabulary.add(term for term, _ in store.vocabulary_since(self.since))
            self.since = _stamp(started - VOCABULARY_OVERLAP)
            self.refreshed = time.monotonic()
        return self.vocabulary


class _KnownWords:
    """Words this container already put in the vocabulary (so an update does not announce them again)."""

    def __init__(self) -> None:
        self.owner: Any = None
        self.words: set[str] = set()

    def unknown(self, words: set[str]) -> set[str]:
        resource = dynamo.resource()
        if resource is not self.owner:
            self.owner, self.words = resource, set()
        return words - self.words


class _ListLengths:
    """How long each posting list read in this container was (up to the depth read): orders the next
    queries' reads, shortest first. Only a hint: a stale length costs a read, never a wrong result."""

    MAX_TERMS = 50_000

    def __init__(self) -> None:
        self.owner: Any = None
        self.lengths: dict[str, int] = {}

    def get(self) -> dict[str, int]:
        resource = dynamo.resource()
        if resource is not self.owner or len(self.lengths) > self.MAX_TERMS:
            self.owner, self.lengths = resource, {}
        return self.lengths


_vocabulary = _VocabularyCache()
_known = _KnownWords()
_counts = _ListLengths()


def _stamp(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")


# ---------------------------------------------------------------- the indexer
def products_in_event(detail_type: str, detail: dict[str, Any]) -> list[str]:
    """The products an event is about: `productIds` (an order), `productId`, else a seller's products."""
    data: dict[str, Any] = detail["data"] if isinstance(detail.get("data"), dict) else detail
    if isinstance(data.get("productIds"), list):
        return list(dict.fromkeys(str(pid) for pid in data["productIds"]))
    if data.get("productId"):
        return [str(data["productId"])]
    if data.get("sellerId"):
        return store.products_of_seller(str(data["sellerId"]))
    logger.warning("event names no product", extra={"detail_type": detail_type})
    return []


def reindex_event(detail_type: str, detail: dict[str, Any]) -> dict[str, int]:
    """Recomputes every product the event is about; how many became searchable and how many not."""
    data: dict[str, Any] = detail["data"] if isinstance(detail.get("data"), dict) else {}
    offer_id = str(data.get("offerId")) if detail_type == "OfferChanged" and data.get("offerId") else None
    outcome = {"searchable": 0, "hidden": 0}
    for product_id in products_in_event(detail_type, detail):
        shown = reindex(product_id, changed_offer_id=offer_id)
        outcome["searchable" if shown else "hidden"] += 1
    return outcome


def reindex(product_id: str, *, changed_offer_id: str | None = None) -> bool:
    """Recomputes one product's entry from the catalog; True if search shows it now. Writes the index in two
    calls (the entry, then its posting changes) and never reads it: the entry's write answers the old one."""
    read_at = int(clock.now().timestamp() * 1000)
    entry = _current_entry(product_id, changed_offer_id)
    with contextlib.suppress(store.EntryChanged):  # an indexer that read the catalog later wrote: it wins
        _save(product_id, entry, read_at)
    return entry is not None


def _current_entry(product_id: str, changed_offer_id: str | None) -> SearchEntry | None:
    product = catalog_store.get_product(product_id)
    if product is None:
        return None
    offers = catalog_store.product_offers(product_id)
    if changed_offer_id:
        # The offers index (a GSI) may lag the change that caused this event: read that offer itself.
        offers = [offer for offer in offers if offer.id != changed_offer_id]
        fresh = catalog_store.get_offer(changed_offer_id)
        if fresh is not None and fresh["productId"] == product_id:
            offers.append(catalog_store.to_offer(fresh))
    return searchable_entry(product, offers, _active_sellers(offers))


def _active_sellers(offers: list[Offer]) -> set[str]:
    sellers = {offer.seller_id for offer in offers if offer.condition is Condition.NEW and offer.stock > 0}
    return {seller for seller in sellers if identity_store.is_active_seller(identity_store.get_seller(seller))}


def _save(product_id: str, entry: SearchEntry | None, read_at: int) -> None:
    table = get_settings().table_name
    if entry is None:
        tombstone = {
            "productId": product_id,
            "searchable": False,
            "readAt": read_at,
            "terms": [],
            "expiresAt": store.tombstone_expiry(read_at // 1000),
        }
        replaced = store.put_entry(tombstone)
        posted = sorted(replaced.get("terms") or []) if replaced else []
        if posted:
            _write_postings(product_id, read_at, [], posted, [], table)
        return
    candidate = Candidate(product_id, entry.text, entry.category_slug, entry.tags)
    new_terms = entry.terms() | entry.pair_terms()
    previous = store.put_entry(
        {
            "productId": product_id,
            "searchable": True,
            "readAt": read_at,
            "terms": sorted(new_terms),
            "text": entry.text,
            "category": entry.category_slug,
            "tags": list(entry.tags),
            "imageKey": entry.image_key,
            "summary": _summary_fields(entry),
        }
    )
    old_terms = set(previous.get("terms") or []) if previous else set()
    unchanged = previous is not None and previous.get("searchable") and _posted(previous) == candidate
    to_put = new_terms - old_terms if unchanged else new_terms
    words = {term for term in to_put if not term.startswith((TAG_TERM, CATEGORY_TERM, PAIR_TERM))}
    announce = _known.unknown(words - old_terms)
    added_at = _stamp(clock.now())
    postings = [store.posting_item(term, candidate) for term in sorted(to_put)]
    if postings or old_terms - new_terms:
        vocabulary = [store.vocabulary_item(word, added_at) for word in sorted(announce)]
        _write_postings(product_id, read_at, postings, sorted(old_terms - new_terms), vocabulary, table)
        _known.words |= announce


def _write_postings(
    product_id: str,
    read_at: int,
    puts: list[dict[str, Any]],
    deletes: list[str],
    vocabulary: list[dict[str, Any]],
    table: str,
) -> None:
    try:
        store.write_postings(product_id, puts, deletes, vocabulary, table)
    except Exception:
        # The entry is written but not all its postings: make the retried event rewrite them all.
        store.forget_text(product_id, read_at)
        raise


def _posted(previous: dict[str, Any]) -> Candidate:
    return Candidate(
        str(previous["productId"]),
        str(previous.get("text", "")),
        str(previous.get("category", "")),
        tuple(previous.get("tags") or []),
    )


def _summary_fields(entry: SearchEntry) -> dict[str, Any]:
    return {
        "id": entry.product_id,
        "title": entry.title,
        "brand": entry.brand,
        "category": entry.category,
        "tags": list(entry.tags),
        "bestOffer": entry.best_offer.model_dump(mode="json", by_alias=True),
    }


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
    offset = _offset(position)
    vocabulary = _vocabulary.get()
    plan(query, vocabulary)
    if any(group[0] not in vocabulary for group in query.groups):  # a word nothing known is near: new words?
        known = len(vocabulary)
        vocabulary = _vocabulary.get(missed=True)
        if len(vocabulary) > known:
            plan(query, vocabulary)
    depth = max(POSTINGS_PER_READ, offset + limit)
    counts = _counts.get()

    def read(terms: Sequence[str]) -> dict[str, list[Candidate]]:
        found = store.read_postings(terms, depth)
        counts.update((term, len(postings)) for term, postings in found.items())
        return found

    ranked = gather(query, reads(query, counts), read, tag, category)[:MAX_RESULTS]
    items, next_index = _shown(ranked, offset, limit, query, tag, category)
    return items, ({"offset": next_index} if next_index < len(ranked) else None)


def _offset(position: dict[str, Any] | None) -> int:
    if position is None:
        return 0
    offset = position.get("offset")
    if not isinstance(offset, int) or offset < 0:
        raise InvalidCursor("The cursor is not one this API issued.")
    return offset


def _shown(
    ranked: list[Candidate], offset: int, limit: int, query: Query, tag: str | None, category: str | None
) -> tuple[list[ProductSummary], int]:
    """Summaries of the next `limit` searchable products from `offset` on, and where the page after starts.
    Postings may briefly outlive or lag their entry: an entry no longer searchable, or no longer matching
    the query and filters by its own words, is skipped."""
    items: list[ProductSummary] = []
    index = offset
    while index < len(ranked) and len(items) < limit:
        chunk = ranked[index : index + limit - len(items)]
        entries = store.get_entries([candidate.product_id for candidate in chunk])
        for candidate in chunk:
            index += 1
            entry = entries.get(candidate.product_id)
            if entry and entry.get("searchable") and _still_matches(entry, query, tag, category):
                items.append(_summary(entry))
    return items, index


def _still_matches(entry: dict[str, Any], query: Query, tag: str | None, category: str | None) -> bool:
    current = Candidate(
        str(entry["productId"]),
        str(entry.get("text", "")),
        str(entry.get("category", "")),
        tuple(entry.get("tags") or []),
    )
    return passes(current, tag, category) and bool(rank(query, [current]))


def _browse(
    tag: str | None, category: str | None, limit: int, position: dict[str, Any] | None
) -> tuple[list[ProductSummary], dict[str, Any] | None]:
    start = position.get("key") if position else None
    if position is not None and not isinstance(start, dict):
        raise InvalidCursor("The cursor is not one this API issued.")
    term = TAG_TERM + tag if tag else CATEGORY_TERM + str(category)
    postings, after = store.browse(term, limit, start, category if tag else None)
    entries = store.get_entries([posting.product_id for posting in postings])
    items = [
        _summary(entries[posting.product_id])
        for posting in postings
        if entries.get(posting.product_id, {}).get("searchable")
    ]
    return items, ({"key": after} if after else None)


def _summary(entry: dict[str, Any]) -> ProductSummary:
    key = entry.get("imageKey")
    urls: dict[str, str | None] = {"image": None, "thumbnail": None}
    if key:
        urls = {"image": blobs.image_url(str(key)), "thumbnail": blobs.image_url(thumbnail_key(str(key), SMALL))}
    return ProductSummary.model_validate({**entry["summary"], **urls})
