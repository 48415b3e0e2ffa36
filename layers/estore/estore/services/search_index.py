"""The search indexer: keeps the index in step with the catalog, one product at a time, and rebuilds it whole.

It recomputes a product's entry from the source of truth on every event about it, so it does not matter how
often or in which order events arrive; `reindex_all` does the same for every product (after a deploy that
changes the index's shape, or to repair it). See docs/search.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from estore import clock
from estore.config import get_settings
from estore.domain.catalog import Condition, Offer
from estore.domain.search import CATEGORY_TERM, PAIR_TERM, TAG_TERM, Candidate, SearchEntry, searchable_entry
from estore.observability import logger
from estore.store import catalog as catalog_store
from estore.store import identity as identity_store
from estore.store import search as store


class _KnownWords:
    """Words this container already put in the vocabulary (so an update does not announce them again)."""

    def __init__(self) -> None:
        self.owner: Any = None
        self.words: set[str] = set()

    def unknown(self, words: set[str]) -> set[str]:
        handle = store.handle()
        if handle is not self.owner:
            self.owner, self.words = handle, set()
        return words - self.words


_known = _KnownWords()


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


def reindex(product_id: str, *, changed_offer_id: str | None = None, rewrite: bool = False) -> bool:
    """Recomputes one product's entry from the catalog; True if search shows it now. Writes the index in at most
    two calls (the entry, then its posting changes in one batch: a product has at most 12 postings, see
    `SearchEntry.posted_terms`) and never reads it: the entry's write answers the old one."""
    read_at = int(clock.now().timestamp() * 1000)
    entry = _current_entry(product_id, changed_offer_id)
    with contextlib.suppress(store.EntryChanged):  # an indexer that read the catalog later wrote: it wins
        _save(product_id, entry, read_at, rewrite=rewrite)
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


def _save(product_id: str, entry: SearchEntry | None, read_at: int, *, rewrite: bool = False) -> None:
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
    new_terms = entry.posted_terms()
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
            "summary": summary_fields(entry),
        }
    )
    old_terms = set(previous.get("terms") or []) if previous else set()
    unchanged = not rewrite and previous is not None and previous.get("searchable") and _posted(previous) == candidate
    to_put = [term for term in new_terms if term not in old_terms] if unchanged else new_terms
    removed = sorted(old_terms - set(new_terms))
    if not to_put and not removed:
        return
    words = {term for term in to_put if not term.startswith((TAG_TERM, CATEGORY_TERM, PAIR_TERM))}
    announce = sorted(_known.unknown(words - old_terms))
    # One batch: the postings, the deletes, then the new words as vocabulary items while room remains; a word
    # past the room is announced by its own posting instead (it carries the vocabulary's gsi1 keys).
    room = max(0, store.BATCH_WRITE_MAX - len(to_put) - len(removed))
    listed, carried = announce[:room], set(announce[room:])
    added_at = store.stamp(clock.now())
    postings = [store.posting_item(term, candidate, added_at if term in carried else None) for term in to_put]
    vocabulary = [store.vocabulary_item(word, added_at) for word in listed]
    _write_postings(product_id, read_at, postings, removed, vocabulary, table)
    _known.words |= set(listed)


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


def summary_fields(entry: SearchEntry) -> dict[str, Any]:
    return {
        "id": entry.product_id,
        "title": entry.title,
        "brand": entry.brand,
        "category": entry.category,
        "tags": list(entry.tags),
        "bestOffer": entry.best_offer.model_dump(mode="json", by_alias=True),
    }


# ---------------------------------------------------------------- the whole index
@dataclass
class Rebuilt:
    """What `reindex_all` did: products recomputed, how many search shows, and those that failed."""

    products: int = 0
    searchable: int = 0
    failed: list[str] = field(default_factory=list)


def reindex_all(workers: int = 4, progress: Callable[[int], None] | None = None, *, rewrite: bool = False) -> Rebuilt:
    """Recomputes the entry of every product in the catalog and of every product the index still names (a
    product deleted while its events were lost gets its tombstone). Idempotent, like the indexer it reuses:
    running it twice, or while events flow, leaves the same index. `rewrite` puts every posting again, not
    only those of new terms (for a change in what a posting carries)."""
    outcome = Rebuilt()
    product_ids = store.catalog_and_indexed_products()

    def one(product_id: str) -> bool | None:
        try:
            return reindex(product_id, rewrite=rewrite)
        except Exception:
            logger.exception("reindex failed", extra={"product_id": product_id})
            return None

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for product_id, shown in zip(product_ids, pool.map(one, product_ids), strict=True):
            outcome.products += 1
            if shown is None:
                outcome.failed.append(product_id)
            elif shown:
                outcome.searchable += 1
            if progress and outcome.products % 1000 == 0:
                progress(outcome.products)
    return outcome
