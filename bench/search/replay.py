"""Both query plans replayed in memory on a generated catalog, without moto: the DynamoDB calls, items,
read units and CPU of a search, and the write units of indexing a product, for main's plan (every near
spelling's postings, 300 newest each) and for this one (pair postings, a few lists chosen per round).

The index is built as the indexer builds it (`searchable_entry`, the same items), the searches run the
function's own code (`plan`, `reads`, `gather`, `rank`) on in-memory posting lists, and units follow
DynamoDB's billing: a `Query` costs half a unit per 4 KB of the items it returns (at least half a unit),
a `BatchGetItem` half a unit per item per 4 KB; a write one unit per item per KB, twice in a transaction.
Run: `python -m bench.search.replay [--products N] [--queries N] [--seed N]`.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from estore.domain.catalog import Condition
from estore.domain.search import Candidate, Query, SearchEntry, parse_query, searchable_entry, stem
from estore.domain.search_plan import Vocabulary
from estore.domain.search_plan import _splits as splits
from estore.domain.search_rank import rank
from estore.store import catalog as catalog_store
from estore.store import keys
from estore.store import search as store

from .catalog import generate_catalog, misspelled_queries

TOP = 10
MAIN_POSTINGS_PER_TERM = 300  # main's plan: every planned term read this deep, newest first


def item_size(item: Mapping[str, Any]) -> int:
    """DynamoDB's size of an item: attribute names plus values (strings by UTF-8 length, numbers ~1 byte
    per 2 digits plus 1, lists and maps 3 bytes plus 1 per element)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, int | float | Decimal):
        return len(str(value).lstrip("-").replace(".", "")) // 2 + 2
    if isinstance(value, list | tuple | set):
        return 3 + sum(1 + _value_size(inner) for inner in value)
    if isinstance(value, dict):
        return 3 + sum(len(name.encode()) + 1 + _value_size(inner) for name, inner in value.items())
    raise TypeError(type(value))


def query_units(sizes: Sequence[int]) -> float:
    return 0.5 * max(1, math.ceil(sum(sizes) / 4096))


def get_units(size: int) -> float:
    return 0.5 * max(1, math.ceil(size / 4096))


def write_units(size: int) -> int:
    return max(1, math.ceil(size / 1024))


@dataclass
class Index:
    """Posting lists (newest first) with each posting's size, and the entries' sizes."""

    lists: dict[str, list[tuple[Candidate, int]]] = field(default_factory=dict)
    entry_bytes: dict[str, int] = field(default_factory=dict)
    entries: dict[str, SearchEntry] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    def items(self) -> int:
        return len(self.entry_bytes) + sum(len(postings) for postings in self.lists.values())

    def bytes(self) -> int:
        return sum(self.entry_bytes.values()) + sum(size for p in self.lists.values() for _, size in p)


def document(entry: SearchEntry, terms: set[str]) -> dict[str, Any]:
    from estore.services import search_index as service  # not at import: it reads the functions' environment

    return {
        **keys.search_doc(entry.product_id),
        "type": "SEARCHDOC",
        "productId": entry.product_id,
        "searchable": True,
        "readAt": 1_764_000_000_000,
        "terms": sorted(terms),
        "text": entry.text,
        "category": entry.category_slug,
        "tags": list(entry.tags),
        "imageKey": entry.image_key,
        "summary": service.summary_fields(entry),
    }


def build(entries: list[SearchEntry], *, pairs: bool) -> Index:
    index = Index()
    for entry in reversed(entries):  # newest first in every list
        terms = set(entry.posted_terms()) if pairs else entry.terms()
        candidate = Candidate(entry.product_id, entry.text, entry.category_slug, entry.tags)
        index.entry_bytes[entry.product_id] = item_size(document(entry, terms))
        index.entries[entry.product_id] = entry
        for term in terms:
            size = item_size(store.posting_item(term, candidate))
            index.lists.setdefault(term, []).append((candidate, size))
    index.vocabulary.add(term for term in index.lists if ":" not in term)
    return index


@dataclass
class Measure:
    name: str
    rows: list[tuple[int, int, float, float]] = field(default_factory=list)  # calls, items, read units, CPU ms
    hits: int = 0
    reciprocal: float = 0.0

    def record(self, ranked: list[str], target: str, row: tuple[int, int, float, float]) -> None:
        self.rows.append(row)
        if target in ranked[:TOP]:
            self.hits += 1
            self.reciprocal += 1 / (ranked.index(target) + 1)


def page_cost(index: Index, ranked: list[str]) -> tuple[int, int, float]:
    """The page's entries: one BatchGetItem."""
    page = ranked[:TOP]
    return (1 if page else 0), len(page), sum(get_units(index.entry_bytes[pid]) for pid in page)


def main_terms(query: Query, vocabulary: Vocabulary) -> list[str]:
    """Main's plan: every typed word, its near spellings (6), a last word's completions, joined and split
    words, up to 32 posting lists, all read."""
    terms: dict[str, None] = {}

    def add(term: str) -> None:
        if len(terms) < 32:
            terms.setdefault(term)

    slots = query.slots
    for index, slot in enumerate(slots):
        add(slot.word)
        for term, _ in vocabulary.near(slot.word, 6):
            add(term)
        if index == len(slots) - 1 and len(slot.word) >= 3 and slot.word not in vocabulary:
            for term in vocabulary.starting_with(slot.raw, 3):
                add(term)
    for left, right in itertools.pairwise(slots):
        for term, _ in vocabulary.near(stem(left.raw + right.raw), 2):
            add(term)
    for slot in slots:
        for first, second in splits(slot.raw, vocabulary):
            add(first)
            add(second)
    return list(terms)


def search_main(index: Index, text: str) -> tuple[list[str], tuple[int, int, float, float]]:
    started = time.thread_time()
    query = parse_query(text)
    read = {term: index.lists.get(term, [])[:MAIN_POSTINGS_PER_TERM] for term in main_terms(query, index.vocabulary)}
    candidates = {c.product_id: c for postings in read.values() for c, _ in postings}
    ranked = [c.product_id for c in rank(query, candidates.values())]
    cpu = (time.thread_time() - started) * 1000
    calls, items, units = page_cost(index, ranked)
    calls += len(read)
    items += sum(len(postings) for postings in read.values())
    units += sum(query_units([size for _, size in postings]) for postings in read.values())
    return ranked, (calls, items, units, cpu)


class MemoryIndex:
    """The index in memory behind the function's own port (`SearchIndex`), so the replay runs the search
    function's code (`Searcher.ranked_page`: plan, reads, rounds, ranking, the page's entries) and only the
    storage differs. Counts what DynamoDB would be asked: calls, items and read units."""

    def __init__(self, index: Index) -> None:
        self.data = index
        self.documents = {pid: document(entry, set()) for pid, entry in index.entries.items()}
        self.calls, self.items, self.units = 0, 0, 0.0

    def handle(self) -> Any:
        return self

    def vocabulary_since(self, added_after: str | None) -> list[tuple[str, str]]:
        self.calls += 1
        if added_after is not None:  # nothing is added while the replay runs
            return []
        return [(term, "2026-01-01T00:00:00.000Z") for term in self.data.lists if ":" not in term]

    def read_postings(self, terms: Sequence[str], limit: int) -> dict[str, list[Candidate]]:
        found = {term: self.data.lists.get(term, [])[:limit] for term in terms}
        for postings in found.values():
            self.calls += 1
            self.items += len(postings)
            self.units += query_units([size for _, size in postings])
        return {term: [candidate for candidate, _ in postings] for term, postings in found.items()}

    def get_entries(self, product_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        unique = list(dict.fromkeys(product_ids))
        self.calls += math.ceil(len(unique) / store.BATCH_GET_MAX)
        self.items += len(unique)
        self.units += sum(get_units(self.data.entry_bytes[pid]) for pid in unique)
        return {pid: self.documents[pid] for pid in unique if pid in self.documents}


def search_pairs(searcher: Any, memory: MemoryIndex, text: str) -> tuple[list[str], tuple[int, int, float, float]]:
    """One search through the function's Searcher, on the memory index: (ranked ids, (calls, items, units, ms))."""
    before = (memory.calls, memory.items, memory.units)
    started = time.thread_time()
    items, _ = searcher.ranked_page(parse_query(text), None, None, TOP, 0)
    cpu = (time.thread_time() - started) * 1000
    row = (memory.calls - before[0], memory.items - before[1], memory.units - before[2], cpu)
    return [item.id for item in items], row


def indexing_cost(index: Index, entry: SearchEntry, *, pairs: bool) -> tuple[int, int]:
    """(write units, write calls) of indexing a new product. Main: one transaction of the entry and its
    postings (after reading the entry). This plan: a conditional PutItem of the entry, then its postings in
    BatchWriteItem calls of 25 (no read of the index)."""
    terms = set(entry.posted_terms()) if pairs else entry.terms()
    candidate = Candidate(entry.product_id, entry.text, entry.category_slug, entry.tags)
    postings = [write_units(item_size(store.posting_item(term, candidate))) for term in terms]
    entry_units = write_units(index.entry_bytes[entry.product_id])
    if not pairs:
        return 2 * (entry_units + sum(postings)), 1
    return entry_units + sum(postings), 1 + math.ceil(len(postings) / store.BATCH_WRITE_MAX)


def summary(values: Sequence[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.fmean(values):7.1f} {statistics.median(values):7.1f} {p95:7.1f}"


def run(
    products_count: int, queries_count: int, seed: int, progress: Callable[[str], None], *, with_main: bool = True
) -> None:
    rng = random.Random(seed)
    products = generate_catalog(products_count, rng)
    searchable = [product for product in products if product.searchable]
    queries = misspelled_queries(searchable, queries_count, rng)
    entries = []
    for product in products:
        offers = [catalog_store.to_offer(offer) for offer in product.offers()]
        active = {o.seller_id for o in offers if o.condition is Condition.NEW and not o.seller_id.endswith("x")}
        entry = searchable_entry(product.item(), offers, active)
        if entry is not None:
            entries.append(entry)
    progress("catalog generated")
    results = []
    plans = [("main (postings per word, every spelling)", False)] if with_main else []
    for name, pairs in [*plans, ("the search function's plan (pairs, rounds)", True)]:
        index = build(entries, pairs=pairs)
        progress(f"{name}: index built")
        measure = Measure(name)
        if pairs:
            from estore.services.search import Searcher  # not at import: it reads the functions' environment

            memory = MemoryIndex(index)
            searcher = Searcher(memory)
            search_pairs(searcher, memory, "warm up")  # the container's first query loads the vocabulary
        for text, target in queries:
            ranked, row = search_pairs(searcher, memory, text) if pairs else search_main(index, text)
            measure.record(ranked, target, row)
        writes = [indexing_cost(index, entry, pairs=pairs) for entry in rng.sample(entries, min(300, len(entries)))]
        results.append((measure, index, writes))
        progress(f"{name}: searches replayed")
    print(f"replay: {len(products):,} products ({len(entries):,} searchable), {len(queries)} misspelled queries")
    print(f"{'per search (warm container)':<34}{'mean':>8}{'p50':>8}{'p95':>8}")
    for measure, index, writes in results:
        recall, mrr = measure.hits / len(queries), measure.reciprocal / len(queries)
        print(f"{measure.name}: recall@10 {recall:.3f}, MRR@10 {mrr:.3f}")
        for position, label in enumerate(("DynamoDB calls", "items read", "read units", "plan+rank CPU ms")):
            print(f"  {label:<32}{summary([row[position] for row in measure.rows])}")
        print(f"  {'indexing a new product, WRU':<32}{summary([units for units, _ in writes])}")
        print(f"  {'indexing a new product, calls':<32}{summary([calls for _, calls in writes])}")
        print(f"  index: {index.items():,} items, {index.bytes() / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-main", action="store_true", help="skip main's plan (its index doubles the time)")
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"  [{time.perf_counter() - started:6.1f}s] {step}", flush=True)

    run(args.products, args.queries, args.seed, progress, with_main=not args.no_main)


if __name__ == "__main__":
    main()
