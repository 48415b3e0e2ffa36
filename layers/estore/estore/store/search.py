"""The search index in the table: one entry per product, postings per term (words, word pairs, tags,
the category), the vocabulary.

Entries and postings are derived data: the indexer recomputes them from the catalog on every event.
The entry is written first, conditioned on being the latest read, and answers the entry it replaced; the
postings that change with it follow in one batch write. The search never trusts a posting alone: the
page it shows is checked against the entries (see docs/search.md).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

from estore.ddb.conditions import Attr
from estore.ddb.conditions import Key as K
from estore.domain.search import Candidate
from estore.errors import Conflict
from estore.store import dynamo, keys

BATCH_WRITE_MAX = 25
BATCH_GET_MAX = 100
PARALLEL_READS = 8
TOMBSTONE_SECONDS = 24 * 3600


class EntryChanged(Conflict):
    """Another indexer wrote this product's entry since it was read: recompute and try again."""

    code = "SEARCH_ENTRY_CHANGED"


def handle() -> Any:
    """The table handle this container reads: a new one (a new container, a test's fresh table) means the
    per-container caches built from the index (vocabulary, list lengths, known words) start over."""
    return dynamo.resource()


# ---------------------------------------------------------------- item shapes
def plain(item: dict[str, Any]) -> dict[str, Any]:
    """An item without its key attributes; numbers as ints (money, stock and times are integers here)."""
    return {name: _number(value) for name, value in item.items() if name not in {"pk", "sk", "gsi1pk", "gsi1sk"}}


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, dict):
        return {key: _number(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_number(inner) for inner in value]
    return value


def posting_item(term: str, candidate: Candidate, announced_at: str | None = None) -> dict[str, Any]:
    """A term's posting for one product. `announced_at`: the posting also lists its word in the vocabulary
    (gsi1), for a word its batch had no room to write as a vocabulary item."""
    return {
        **keys.search_posting(term, candidate.product_id),
        **(keys.search_vocabulary_index(announced_at, term) if announced_at else {}),
        "type": "SEARCHPOSTING",
        "productId": candidate.product_id,
        "t": candidate.text,
        "c": candidate.category,
        "g": list(candidate.tags),
    }


def _candidate(item: dict[str, Any]) -> Candidate:
    return Candidate(
        product_id=str(item["productId"]),
        text=str(item.get("t", "")),
        category=str(item.get("c", "")),
        tags=tuple(str(tag) for tag in item.get("g") or []),
    )


# ---------------------------------------------------------------- entries
def put_entry(entry: dict[str, Any]) -> dict[str, Any] | None:
    """Writes the entry (or tombstone) unless the stored one was read later; answers the entry it replaced
    (so the indexer knows which postings to remove without reading the index). EntryChanged if a later
    read is stored: that indexer's state wins."""
    from botocore.exceptions import ClientError

    item = {**keys.search_doc(entry["productId"]), "type": "SEARCHDOC", **entry}
    try:
        answer = dynamo.table().put_item(
            Item=item,
            ConditionExpression="attribute_not_exists(pk) OR readAt < :readAt",
            ExpressionAttributeValues={":readAt": entry["readAt"]},
            ReturnValues="ALL_OLD",
        )
    except ClientError as error:
        if dynamo.error_code(error) == "ConditionalCheckFailedException":
            raise EntryChanged("a later read of this product is indexed") from error
        raise
    old = answer.get("Attributes")
    return plain(old) if old else None


def forget_text(product_id: str, read_at: int) -> None:
    """Marks an entry whose postings could not be written, so that recomputing it writes them again."""
    from botocore.exceptions import ClientError

    try:
        dynamo.table().update_item(
            Key=keys.search_doc(product_id),
            UpdateExpression="REMOVE #text",
            ConditionExpression="readAt = :readAt",
            ExpressionAttributeNames={"#text": "text"},
            ExpressionAttributeValues={":readAt": read_at},
        )
    except ClientError as error:
        if dynamo.error_code(error) != "ConditionalCheckFailedException":  # a later read rewrote it: fine
            raise


def write_postings(
    product_id: str,
    posting_puts: Sequence[dict[str, Any]],
    posting_deletes: Sequence[str],
    new_words: Sequence[dict[str, Any]],
    table_name: str,
) -> None:
    """The postings a change adds and removes, and the words it makes known, in batch writes of 25 (one call:
    a product has at most 12 postings; billed one unit per small item, half what a transaction costs). More
    than 25 only for an entry written before postings were capped (its old postings are all deleted)."""
    writes: list[dict[str, Any]] = [{"PutRequest": {"Item": posting}} for posting in posting_puts]
    writes += [{"DeleteRequest": {"Key": keys.search_posting(term, product_id)}} for term in posting_deletes]
    writes += [{"PutRequest": {"Item": word}} for word in new_words]
    _batch_write(writes, table_name)


def _batch_write(writes: list[dict[str, Any]], table_name: str) -> None:
    for start in range(0, len(writes), BATCH_WRITE_MAX):
        pending: dict[str, Any] = {table_name: writes[start : start + BATCH_WRITE_MAX]}
        for attempt in range(8):
            answer = dynamo.resource().batch_write_item(RequestItems=pending)
            pending = answer.get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(min(0.05 * 2**attempt, 1.0))
        else:
            raise RuntimeError("DynamoDB kept refusing search index writes")  # the event is retried


def tombstone_expiry(now_seconds: int) -> int:
    return now_seconds + TOMBSTONE_SECONDS


def get_entries(product_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Entries by product id (BatchGetItem, 100 a call); tombstones included, missing ids absent."""
    found: dict[str, dict[str, Any]] = {}
    unique = list(dict.fromkeys(product_ids))
    table = dynamo.table().name
    for start in range(0, len(unique), BATCH_GET_MAX):
        request: dict[str, Any] = {table: {"Keys": [keys.search_doc(pid) for pid in unique[start : start + 100]]}}
        while request:
            answer = dynamo.resource().batch_get_item(RequestItems=request)
            for item in answer["Responses"].get(table, []):
                found[str(item["productId"])] = plain(item)
            request = answer.get("UnprocessedKeys") or {}
    return found


# ---------------------------------------------------------------- postings
def read_postings(terms: Sequence[str], limit: int) -> dict[str, list[Candidate]]:
    """Each term's postings, newest products first, at most `limit` each; terms are read in parallel."""
    if not terms:
        return {}
    if len(terms) == 1:
        return {terms[0]: _postings(terms[0], limit)}
    with ThreadPoolExecutor(max_workers=min(PARALLEL_READS, len(terms))) as pool:
        return dict(zip(terms, pool.map(lambda term: _postings(term, limit), terms), strict=True))


def _postings(term: str, limit: int) -> list[Candidate]:
    answer = dynamo.client().query(
        TableName=dynamo.table().name,
        KeyConditionExpression=K("pk").eq(keys.search_term_partition(term)),
        ScanIndexForward=False,
        Limit=limit,
    )
    return [_candidate(item) for item in answer["Items"]]


def browse(
    term: str, limit: int, start: dict[str, Any] | None, category: str | None, max_calls: int = 5
) -> tuple[list[Candidate], dict[str, Any] | None]:
    """One page of a term's postings (a tag or a category), newest first, optionally one category only."""
    found: list[Candidate] = []
    query: dict[str, Any] = {
        "KeyConditionExpression": K("pk").eq(keys.search_term_partition(term)),
        "ScanIndexForward": False,
    }
    if category:
        query["FilterExpression"] = Attr("c").eq(category)
    position = start
    for _ in range(max_calls):
        if position:
            query["ExclusiveStartKey"] = position
        answer = dynamo.table().query(**query, Limit=limit - len(found))
        found += [_candidate(item) for item in answer["Items"]]
        position = answer.get("LastEvaluatedKey")
        if not position or len(found) >= limit:
            break
    return found, ({name: str(value) for name, value in position.items()} if position else None)


def tag_products(slug: str, limit: int, start: dict[str, Any] | None) -> tuple[list[str], dict[str, Any] | None]:
    """One page of a tag's products, newest first, from the catalog's own list of them (the tag's product
    links, written with the product): the index keeps no posting per tag, so a product's 20 tags cost it no
    postings. Some may not be searchable: the caller checks their entries."""
    query: dict[str, Any] = {
        "KeyConditionExpression": K("pk").eq(keys.tag_partition(slug)) & K("sk").begins_with("PRODUCT#"),
        "ScanIndexForward": False,
        "ProjectionExpression": "productId",
        "Limit": limit,
    }
    if start:
        query["ExclusiveStartKey"] = start
    answer = dynamo.table().query(**query)
    position = answer.get("LastEvaluatedKey")
    ids = [str(item["productId"]) for item in answer["Items"]]
    return ids, ({name: str(value) for name, value in position.items()} if position else None)


def is_tag_position(slug: str, position: dict[str, Any]) -> bool:
    """Whether a page position is one `tag_products` gave for this tag."""
    return (
        set(position) == {"pk", "sk"}
        and position["pk"] == keys.tag_partition(slug)
        and str(position["sk"]).startswith("PRODUCT#")
    )


# ---------------------------------------------------------------- vocabulary
def vocabulary_since(added_after: str | None) -> list[tuple[str, str]]:
    """(term, addedAt) of every vocabulary word added after the given time (all of them for None): vocabulary
    items, and postings that announce their word (same gsi1 keys, `<addedAt>#<word>`)."""
    condition = K("gsi1pk").eq(keys.SEARCH_VOCABULARY_PARTITION)
    if added_after:
        condition = condition & K("gsi1sk").gt(added_after)
    query: dict[str, Any] = {"IndexName": "gsi1", "KeyConditionExpression": condition, "ProjectionExpression": "gsi1sk"}
    found: list[tuple[str, str]] = []
    while True:
        page = dynamo.table().query(**query)
        for item in page["Items"]:
            added_at, term = str(item["gsi1sk"]).split("#", 1)
            found.append((term, added_at))
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def stamp(moment: Any) -> str:
    """A vocabulary word's addedAt, as gsi1 sorts it (ISO 8601, milliseconds, UTC)."""
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")


def vocabulary_item(term: str, added_at: str) -> dict[str, Any]:
    """A word the index knows (idempotent: a word written twice is announced again, harmlessly)."""
    return {
        **keys.search_vocabulary(term),
        **keys.search_vocabulary_index(added_at, term),
        "type": "SEARCHVOCAB",
        "term": term,
    }


# ---------------------------------------------------------------- what to recompute
def products_of_seller(seller_id: str) -> list[str]:
    """The products a seller has offers on (their entries change when the seller is suspended)."""
    query: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": K("gsi1pk").eq(keys.seller_offers_partition(seller_id)),
        "ProjectionExpression": "productId",
    }
    found: dict[str, None] = {}
    while True:
        page = dynamo.table().query(**query)
        for item in page["Items"]:
            found.setdefault(str(item["productId"]))
        if "LastEvaluatedKey" not in page:
            return list(found)
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def catalog_and_indexed_products(segments: int = 4) -> list[str]:
    """Every product id the catalog holds and every one the index has an entry for (a parallel Scan of the
    table's keys: a reindex reads each item once, ~0.5 read unit per 4 KB scanned)."""
    condition = (Attr("sk").eq("META") & Attr("pk").begins_with(keys.product_partition(""))) | (
        Attr("sk").eq("DOC") & Attr("pk").begins_with(keys.search_doc("")["pk"])
    )

    def segment(number: int) -> list[str]:
        query: dict[str, Any] = {
            "FilterExpression": condition,
            "ProjectionExpression": "pk",
            "Segment": number,
            "TotalSegments": segments,
        }
        found: list[str] = []
        while True:
            page = dynamo.table().scan(**query)
            found += [str(item["pk"]).split("#", 1)[1] for item in page["Items"]]
            if "LastEvaluatedKey" not in page:
                return found
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    with ThreadPoolExecutor(max_workers=segments) as pool:
        return sorted({product_id for ids in pool.map(segment, range(segments)) for product_id in ids})
