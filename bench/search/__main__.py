"""Search quality and cost on a generated catalog of 10,000 products, against moto in-process.

Run: `make bench` (or `python -m bench.search [--products N] [--queries N] [--seed N] [--direct]`);
`make bench-search-100k` runs 100,000 products with `--direct`.

The catalog is written straight to the table (products, offers, sellers: what the catalog's use cases
write), then every product goes through the indexer's save path (`--direct`: its items are put straight
into moto's table, the real indexer runs on a sample only). Queries are
misspelled versions of one product's words (typos, transpositions, missing or doubled letters, plurals,
words joined or split); a query is answered when that product is in the top 10. Three rankers answer:

- search: GET /search through the real handler on the DynamoDB index (warm container);
- ceiling: brute force, rapidfuzz WRatio of the query against every product in the catalog;
- substring: products whose text contains the query (what most samples do), shortest title first.

Prints recall@10 and MRR@10 of each (and search's ratio to the ceiling), the DynamoDB calls and items
and read units per search, the time spent planning and ranking in the function, and the index's size.
Timings are printed, never asserted: moto's latency is not DynamoDB's. `python -m bench.search.replay`
compares this plan's units with main's.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from rapidfuzz import fuzz, process, utils

from estore.domain.search import Candidate, parse_query, words
from estore.domain.search_rank import rank
from estore_local.emulator.callcount import counting_calls
from estore_local.emulator.events import LambdaContext, http_event
from estore_local.emulator.harness import Cloud, in_process_cloud

from .catalog import Product, generate_catalog, misspelled_queries
from .replay import get_units, item_size, query_units

TOP = 10


@dataclass
class Ranker:
    name: str
    hits: int = 0
    reciprocal: float = 0.0
    answered: int = 0

    def record(self, ranked: list[str], target: str) -> None:
        self.answered += 1
        if target in ranked[:TOP]:
            self.hits += 1
            self.reciprocal += 1 / (ranked.index(target) + 1)

    @property
    def recall(self) -> float:
        return self.hits / max(self.answered, 1)

    @property
    def mrr(self) -> float:
        return self.reciprocal / max(self.answered, 1)


@dataclass
class Reads:
    """Items DynamoDB returned to the function (Query items, BatchGetItem responses)."""

    items: int = 0
    units: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        queried = [_typed_size(item) for item in parsed.get("Items") or []]
        fetched = [_typed_size(item) for found in (parsed.get("Responses") or {}).values() for item in found]
        if "Item" in parsed:
            fetched.append(_typed_size(parsed["Item"]))
        units = (query_units(queried) if model.name == "Query" else 0.0) + sum(get_units(size) for size in fetched)
        with self.lock:
            self.items += len(queried) + len(fetched)
            self.units += units


def _typed_size(item: dict[str, Any]) -> int:
    """DynamoDB's size of an item as the wire carries it (typed values)."""
    return item_size({name: TypeDeserializer().deserialize(value) for name, value in item.items()})


@contextmanager
def counting_items() -> Iterator[Reads]:
    reads = Reads()
    events = boto3._get_default_session().events
    for operation in ("Query", "BatchGetItem", "GetItem"):
        events.register(f"after-call.dynamodb.{operation}", reads.count, unique_id=f"bench-search-{operation}")
    try:
        yield reads
    finally:
        for operation in ("Query", "BatchGetItem", "GetItem"):
            events.unregister(f"after-call.dynamodb.{operation}", unique_id=f"bench-search-{operation}")


def load_catalog(cloud: Cloud, products: list[Product], put: Callable[[dict[str, Any]], None] | None = None) -> None:
    """Products, their offers and their sellers, as the catalog's use cases store them (through batch
    writes, or with `put` straight into moto's table)."""
    from estore.store import catalog as catalog_store
    from estore.store import keys

    table = boto3.resource("dynamodb").Table(cloud.stack.ref("Table"))
    sellers = {product.seller for product in products}
    with table.batch_writer() as batch:
        write = put or (lambda item: batch.put_item(Item=item))
        for seller in sorted(sellers):
            write(
                {
                    **keys.seller_profile(seller),
                    "type": "SELLER",
                    "id": seller,
                    "store_name": f"Store {seller[:6]}",
                    "review_count": 0,
                    "status": "SUSPENDED" if seller.endswith("x") else "ACTIVE",
                    "created_at": "2026-01-01T00:00:00Z",
                }
            )
        for product in products:
            write(catalog_store.product_item(product.item()))
            for offer in product.offers():
                write(catalog_store.offer_item(offer, "2026-01-01T00:00:00Z"))


def moto_put(cloud: Cloud) -> Callable[[dict[str, Any]], None]:
    """Puts an item straight into moto's table (no API call, no stream record): for building 100,000
    products in a minute or two. The local cloud's map of index partitions (`estore_local.emulator.moto_queries`,
    what a GSI Query reads) is told of each item, as moto's own writes tell it: without that, a table
    queried on an index before the build (the real indexer's sample) hid every item put since from gsi1,
    the search function's vocabulary among them (the first 100,000-product run's recall of 0.53)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    from estore_local.emulator import moto_queries

    region = boto3.session.Session().region_name or "us-east-1"
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].get_table(cloud.stack.ref("Table"))
    serialize = TypeSerializer().serialize

    def put(item: dict[str, Any]) -> None:
        typed = {name: serialize(value) for name, value in item.items() if value is not None}
        hash_key, range_key = DynamoType(typed["pk"]), DynamoType(typed["sk"])
        table.items[hash_key][range_key] = Item(hash_key, range_key, typed)
        moto_queries.item_written(table, hash_key, range_key)

    return put


@contextmanager
def transactions_without_backups() -> Iterator[None]:
    """moto backs up a whole table (a deep copy) per item of every TransactWriteItems, to roll back on
    failure: quadratic at 10,000 products. Indexing here never fails a condition, so the bench skips
    the backups (conditions are still checked; only the rollback copy is gone)."""
    from moto.dynamodb import models

    real = models.copy

    class _NoTableCopy:
        @staticmethod
        def deepcopy(value: Any, memo: Any = None) -> Any:
            return value if isinstance(value, models.Table) else real.deepcopy(value, memo)

    models.copy = _NoTableCopy  # type: ignore[assignment]
    try:
        yield
    finally:
        models.copy = real


@contextmanager
def partition_queries() -> Iterator[None]:
    """moto answers every Query by sorting the whole table (`Table.all_items`) and filtering it by hash
    key: seconds per call at 10,000 products. Here a Query on the table reads only its own partition;
    results are the same (moto filters by hash key anyway), only the emulator's cost changes."""
    from moto.dynamodb.models.table import Table

    original_query, original_all_items = Table.query, Table.all_items
    partition = threading.local()

    def all_items(self: Any) -> Any:
        wanted = getattr(partition, "key", None)
        if wanted is not None and wanted[0] is self and self.range_key_attr:
            return list(self.items.get(wanted[1], {}).values())
        return original_all_items(self)

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")  # moto passes it by position
        partition.key = None if index_name or hash_key is None else (self, hash_key)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            partition.key = None

    Table.query, Table.all_items = query, all_items  # type: ignore[method-assign]
    try:
        yield
    finally:
        Table.query, Table.all_items = original_query, original_all_items  # type: ignore[method-assign]


def index_catalog(cloud: Cloud, products: list[Product], done: set[str]) -> tuple[float, int, int]:
    """Writes every searchable product's entry, postings and new words through the indexer's own save path.

    The entries are computed by the indexer's rules (`searchable_entry`) from the generated offers and
    seller statuses; reading them back from moto would not change them, only cost minutes (moto scans the
    whole table for every GSI query). `verify_sample` runs the real `reindex` on a sample to prove it.
    """
    from estore.domain.catalog import Condition
    from estore.domain.search import searchable_entry
    from estore.services import search_index as service
    from estore.store import catalog as catalog_store

    started = time.perf_counter()
    with counting_calls() as calls, transactions_without_backups():
        cloud.enter("SearchIndexerFunction")  # clients made inside the counting block are counted
        for product in products:
            if product.id in done:
                continue
            offers = [catalog_store.to_offer(offer) for offer in product.offers()]
            active = {o.seller_id for o in offers if o.condition is Condition.NEW and not o.seller_id.endswith("x")}
            entry = searchable_entry(product.item(), offers, active)
            service._save(product.id, entry, int(time.time() * 1000))
    return time.perf_counter() - started, calls.dynamodb_reads, calls.dynamodb_writes - len(done)


def index_directly(cloud: Cloud, products: list[Product], done: set[str]) -> float:
    """The items the indexer writes for each product (entry, postings, words), put straight into moto's table."""
    from estore.domain.catalog import Condition
    from estore.domain.search import searchable_entry
    from estore.services import search_index as service
    from estore.store import catalog as catalog_store
    from estore.store import keys
    from estore.store import search as store

    started = time.perf_counter()
    put = moto_put(cloud)
    cloud.enter("SearchIndexerFunction")
    known: set[str] = set()
    read_at = int(time.time() * 1000)
    for product in products:
        if product.id in done:
            continue
        offers = [catalog_store.to_offer(offer) for offer in product.offers()]
        active = {o.seller_id for o in offers if o.condition is Condition.NEW and not o.seller_id.endswith("x")}
        entry = searchable_entry(product.item(), offers, active)
        if entry is None:
            continue
        terms = entry.posted_terms()
        summary = service.summary_fields(entry)
        document = {"searchable": True, "readAt": read_at, "terms": sorted(terms), "summary": summary}
        document |= {"text": entry.text, "category": entry.category_slug, "tags": list(entry.tags)}
        put({**keys.search_doc(product.id), "type": "SEARCHDOC", "productId": product.id, **document})
        candidate = Candidate(product.id, entry.text, entry.category_slug, entry.tags)
        for term in terms:
            put(store.posting_item(term, candidate))
        known |= {term for term in terms if ":" not in term}
    for word in sorted(known):
        put(store.vocabulary_item(word, "2026-01-01T00:00:00.000Z"))
    return time.perf_counter() - started


def index_size() -> tuple[int, int]:
    """Items and bytes of the search index in moto's table (entries, postings, vocabulary)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    region = boto3.session.Session().region_name or "us-east-1"
    count = size = 0
    for table in dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables.values():
        for partition in table.items.values():
            for item in partition.values():
                if str(item.hash_key.value).startswith("SEARCH"):
                    count += 1
                    size += item.size()
    return count, size


def verify_sample(
    cloud: Cloud, products: list[Product], rng: random.Random, size: int = 50
) -> tuple[list[str], int, int, int, int]:
    """The real indexer (reading the catalog back) on a sample, first, while the table holds only the
    catalog (moto scans the whole table for each GSI query): (ids, agreeing, reads, writes, the most write
    calls one product took)."""
    from estore.services import search_index as service

    sample = rng.sample(products, min(size, len(products)))
    agreeing = most = 0
    with counting_calls() as calls, transactions_without_backups():
        cloud.enter("SearchIndexerFunction")
        for product in sample:
            before = calls.dynamodb_writes
            agreeing += service.reindex(product.id) == product.searchable
            most = max(most, calls.dynamodb_writes - before)
    return [product.id for product in sample], agreeing, calls.dynamodb_reads, calls.dynamodb_writes, most


def search_handler(cloud: Cloud) -> Callable[[str], list[str]]:
    """GET /search through the function's real handler, in one warm container (caches kept)."""
    module = cloud.enter("SearchFunction")
    route, _ = cloud.route("GET", "/search")

    def ask(text: str) -> list[str]:
        event = http_event("GET", "/search", route=route, query={"q": text, "limit": str(TOP)})
        with contextlib.redirect_stdout(io.StringIO()):  # EMF metric lines
            answer = module.lambda_handler(event, LambdaContext("SearchFunction"))
        assert answer["statusCode"] == 200, answer
        return [item["id"] for item in json.loads(answer["body"])["items"]]

    return ask


def timed_ranking() -> tuple[list[float], Callable[[], None]]:
    """Wraps the function's plan(), reads() and rank() (also where gather() calls it) to time them: the
    in-memory part of a search, in CPU time of the thread (what a loaded machine does not inflate) and wall."""
    from estore.domain import search_plan as domain
    from estore.services import search as service

    spent: list[float] = [0.0, 0.0]  # CPU time of the thread, wall time
    originals = (service.plan, service.reads, service.rank, domain.rank)

    def timed(function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = (time.thread_time(), time.perf_counter())
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.thread_time() - started[0]
                spent[1] += time.perf_counter() - started[1]

        return run

    service.plan, service.reads, service.rank = timed(service.plan), timed(service.reads), timed(service.rank)
    domain.rank = timed(domain.rank)  # type: ignore[assignment]

    def restore() -> None:
        service.plan, service.reads, service.rank, domain.rank = originals  # type: ignore[assignment]

    return spent, restore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--direct", action="store_true", help="build the index straight into moto's table")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    products = generate_catalog(args.products, rng)
    searchable = [product for product in products if product.searchable]
    queries = misspelled_queries(searchable, args.queries, rng)
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"  [{time.perf_counter() - started:6.1f}s] {step}", file=sys.stderr, flush=True)

    texts = [utils.default_process(product.text) for product in searchable]
    ids = [product.id for product in searchable]
    ceilings = {
        scorer: Ranker(f"ceiling: rapidfuzz {scorer.__name__}, brute force")
        for scorer in (fuzz.WRatio, fuzz.token_set_ratio, fuzz.token_sort_ratio)
    }
    substring, found = Ranker("substring match (the usual sample)"), Ranker("search (GET /search on the index)")
    every_word = Ranker("substring match of every word")
    exhaustive = Ranker("search's ranking over every product")
    everything = [Candidate(product.id, " ".join(words(product.text))) for product in searchable]
    small = len(products) <= 20_000  # search's ranking of every product: seconds per query past that
    for text, target in queries:
        for scorer, ranker in ceilings.items():
            hits = process.extract(text, texts, scorer=scorer, processor=utils.default_process, limit=TOP)
            ranker.record([ids[index] for _, _, index in hits], target)
        typed = utils.default_process(text)
        matches = sorted((len(t), ids[i]) for i, t in enumerate(texts) if typed and typed in t)
        substring.record([pid for _, pid in matches[:TOP]], target)
        parts = typed.split()
        matches = sorted((len(t), ids[i]) for i, t in enumerate(texts) if parts and all(p in t for p in parts))
        every_word.record([pid for _, pid in matches[:TOP]], target)
        if small:
            exhaustive.record([c.product_id for c in rank(parse_query(text), everything)[:TOP]], target)
    ceiling = max(ceilings.values(), key=lambda ranker: ranker.recall)
    progress("brute-force and substring rankings")

    with in_process_cloud() as cloud, partition_queries():
        load_catalog(cloud, products, moto_put(cloud) if args.direct else None)
        progress("catalog loaded")
        sampled_products = verify_sample(cloud, products, rng, 20 if args.direct else 50)
        sample, agreeing, sample_reads, sample_writes, most_writes = sampled_products
        sampled = len(sample)
        progress(f"real indexer on {sampled} products")
        if args.direct:
            seconds, index_writes = index_directly(cloud, products, set(sample)), 0
        else:
            seconds, _, index_writes = index_catalog(cloud, products, set(sample))
        index_items, index_bytes = index_size()
        progress("index built")
        indexed = time.perf_counter()
        spent, restore = timed_ranking()
        per_query: list[tuple[int, int, float, float, float]] = []
        try:
            with counting_calls() as calls, counting_items() as reads:  # before the function makes its clients
                ask = search_handler(cloud)
                from estore.observability import logger  # after the cloud set the functions' environment

                logger.setLevel("WARNING")  # the function logs each zero-result query at INFO
                ask("warm up")  # the container's first query loads the vocabulary
                for text, target in queries:
                    before = (calls.dynamodb_reads, reads.items, reads.units, spent[0], spent[1])
                    ranked = ask(text)
                    found.record(ranked, target)
                    per_query.append(
                        (
                            calls.dynamodb_reads - before[0],
                            reads.items - before[1],
                            reads.units - before[2],
                            (spent[0] - before[3]) * 1000,
                            (spent[1] - before[4]) * 1000,
                        )
                    )
        finally:
            restore()
        asked = time.perf_counter() - indexed
        progress("searches answered")

    print(f"search bench: {len(products)} products ({len(searchable)} searchable), {len(queries)} misspelled queries")
    if args.direct:
        print(f"  index built straight into the table in {seconds:.0f}s")
    else:
        writes = index_writes / (len(products) - sampled)
        print(f"  index built in {seconds:.0f}s: {writes:.2f} DynamoDB write calls per product")
    print(
        f"  real indexer on {sampled} sampled products: {agreeing}/{sampled} agree; per product "
        f"{sample_reads / sampled:.1f} read calls (the catalog), {sample_writes / sampled:.1f} write calls "
        f"(at most {most_writes} for one product)"
    )
    print(f"  index: {index_items:,} items, {index_bytes / 1e6:.1f} MB (entries, postings, vocabulary)")
    print(f"  {len(queries)} searches answered in {asked:.0f}s (moto in-process, one thread)")
    print(f"{'ranker':<50}{'recall@10':>10}{'MRR@10':>9}")
    for ranker in (found, *([exhaustive] if small else []), *ceilings.values(), substring, every_word):
        print(f"{ranker.name:<50}{ranker.recall:>10.3f}{ranker.mrr:>9.3f}")
    ratio = found.recall / ceiling.recall if ceiling.recall else float("inf")
    print(f"ceiling = the best brute-force rapidfuzz scorer ({ceiling.name.split()[2].rstrip(',')})")
    baseline = max(substring.recall, every_word.recall)
    versus = f"{found.recall / baseline:.1f}x" if baseline else "infinitely (the baselines find none)"
    print(f"search recall@10 / ceiling = {ratio:.3f}   search / best substring = {versus}")
    print("per search (warm container):")
    labels = ("DynamoDB calls", "items read", "read units", "plan+rank CPU ms", "plan+rank wall ms")
    for position, name in enumerate(labels):
        values = [row[position] for row in per_query]
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        mean, median = statistics.fmean(values), statistics.median(values)
        print(f"  {name:<18} mean {mean:8.1f}   median {median:8.1f}   p95 {p95:8.1f}")
    print("(rank time is the function's in-memory work; DynamoDB latency under moto is not AWS's;")
    print(" read units estimated from the items' sizes, eventually consistent)")


if __name__ == "__main__":
    main()
