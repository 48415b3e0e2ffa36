"""What a search and an indexed product cost in DynamoDB calls: a query reads two posting lists and the page's
entries in three calls; the indexer writes a product's index in two calls and never reads the index (it reads
only the catalog, its source of truth). And a posting that outlived its product's words shows nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from boto3.dynamodb.types import TypeSerializer

from estore.domain.search import Candidate
from estore.store import search as store
from estore_local.emulator.harness import Cloud, User
from tests.integration.search_support import INDEXER, Bus, as_bus_event, create, found_ids, search

READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


@contextmanager
def dynamodb_calls() -> Iterator[list[tuple[str, bool]]]:
    """(operation, whether it names a search index key) of every DynamoDB call made in the block, but the
    vocabulary's loads (once per container, then once a minute)."""
    seen: list[tuple[str, bool]] = []

    def record(model: Any, params: dict[str, Any], **_: Any) -> None:
        body = params.get("body") or b""
        text = body.decode() if isinstance(body, bytes) else json.dumps(body)
        if model.name != "Query" or "SEARCHVOCAB" not in text:  # the vocabulary's loads (containers start cold)
            seen.append((model.name, "SEARCH" in text))

    events = boto3._get_default_session().events
    events.register_first("before-call.dynamodb", record, unique_id="search-costs")
    try:
        yield seen
    finally:
        events.unregister("before-call.dynamodb", unique_id="search-costs")


def index_items(cloud: Cloud, partition_prefix: str) -> list[dict[str, Any]]:
    return [item for item in cloud.table_items() if item["pk"]["S"].startswith(partition_prefix)]


def test_a_search_reads_two_posting_lists_then_the_page_in_three_calls(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a few indexed products
    falcon = create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    create(cloud, seller, "X-Wing Starfighter", tags=["Star Wars"])
    create(cloud, seller, "Medieval Castle")
    bus.deliver()
    # When a customer searches with a typo
    with dynamodb_calls() as calls:
        answer = search(cloud, q="milenium falcon")
    # Then the product is found with two posting lists read together (the pair first), then the page's entries
    assert found_ids(answer) == [falcon["id"]]
    assert [operation for operation, _ in calls] == ["Query", "Query", "BatchGetItem"]


def test_indexing_a_new_product_writes_twice_and_reads_no_index(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a product just created
    create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    # When the indexer handles its event (OfferChanged: the bus rule leaves ProductCreated out, the same
    # transaction's OfferChanged names the same product)
    with dynamodb_calls() as calls:
        assert bus.deliver() == 1
    # Then it wrote the entry, and its postings in one batch
    assert [operation for operation, _ in calls if operation in WRITES] == ["PutItem", "BatchWriteItem"]
    # And neither read the index, only the catalog
    assert [operation for operation, index in calls if operation in READS and index] == []


def made_up_words(seed: int, count: int) -> list[str]:
    """`count` distinct letter-only words of 7 letters that no stemmer or stop list changes, made up for `seed`
    (two seeds share none)."""
    syllables = ["ka", "lo", "mi", "ru", "te", "zo", "bi", "fa", "nu", "pe", "go", "vi"]
    found: list[str] = []
    for number in range(seed * 1000, seed * 1000 + count):
        spelled = [syllables[(number * 7 // 12**power) % 12] for power in range(3)]
        found.append("".join(spelled) + "x")
    assert len(set(found)) == count
    return found


def largest_product(seed: int) -> dict[str, Any]:
    """Every searchable field as long as the API takes it, in distinct words: a 200-character title (25
    words), a 100-character brand and category (12 words each) and 20 tags of 50 characters (6 words each)."""
    pool = iter(made_up_words(seed, 25 + 12 + 12 + 20 * 6))

    def text(words: int) -> str:
        return " ".join(next(pool) for _ in range(words))

    fields = {"title": text(25), "brand": text(12), "category": text(12), "tags": [text(6) for _ in range(20)]}
    assert (len(fields["title"]), len(fields["brand"]), len(fields["category"])) == (199, 95, 95)
    return fields


def assert_entry_then_one_batch_and_no_index_read(calls: list[tuple[str, bool]]) -> None:
    assert [operation for operation, _ in calls if operation in WRITES] == ["PutItem", "BatchWriteItem"]
    assert [operation for operation, index in calls if operation in READS and index] == []


def test_indexing_the_largest_product_writes_twice_and_reads_no_index(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a product with the longest title, brand and category and the most tags the API takes, all new words
    create(cloud, seller, **largest_product(1))
    # When the indexer handles its event
    with dynamodb_calls() as calls:
        assert bus.deliver() == 1
    # Then it wrote the entry, then one batch (postings and new words), and read no index
    assert_entry_then_one_batch_and_no_index_read(calls)


def test_renaming_every_word_of_the_largest_product_writes_twice_and_reads_no_index(
    cloud: Cloud, bus: Bus, seller: User
) -> None:
    # Given an indexed product as large as the API takes
    product = create(cloud, seller, **largest_product(1))
    bus.deliver()
    # When every word of it changes (title, brand, category, all 20 tags), to words the index does not know
    changes = largest_product(2)
    assert cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body=changes).status == 200
    with dynamodb_calls() as calls:
        assert bus.deliver() == 1
    # Then the indexer wrote the entry, then one batch (new postings, old ones deleted, new words), no read
    assert_entry_then_one_batch_and_no_index_read(calls)


def test_a_renamed_largest_product_is_found_by_its_new_words_typos_and_tags_only(
    cloud: Cloud, bus: Bus, seller: User
) -> None:
    # Given a product as large as the API takes, indexed, then renamed to new words all through
    old, new = largest_product(1), largest_product(2)
    product = create(cloud, seller, **old)
    bus.deliver()
    assert cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body=new).status == 200
    bus.deliver()
    title = new["title"].split()
    # When customers search its new words with a typo (words its batch had no room to list as vocabulary items)
    typed = " ".join(word[:2] + word[3] + word[2] + word[4:] for word in title[1:3])
    # Then it is found; by its old words it is not; and browsing its last tag, old or new, lists it if new only
    assert found_ids(search(cloud, q=typed)) == [product["id"]]
    assert found_ids(search(cloud, q=" ".join(old["title"].split()[1:3]))) == []
    assert found_ids(search(cloud, tag=new["tags"][-1])) == [product["id"]]
    assert found_ids(search(cloud, tag=old["tags"][-1])) == []
    # And it has at most 12 postings, none of its old words
    postings = [item for item in index_items(cloud, "SEARCHTERM#") if item["sk"]["S"].endswith(product["id"])]
    assert 0 < len(postings) <= 12
    assert not {item["pk"]["S"].removeprefix("SEARCHTERM#") for item in postings} & set(old["title"].split())
    # And its posted title words are all in the vocabulary, most of them listed by their own posting (no room)
    listed = {
        item["gsi1sk"]["S"].split("#", 1)[1]
        for item in cloud.table_items()
        if item.get("gsi1pk", {}).get("S") == "SEARCHVOCAB"
    }
    assert set(title[:6]) <= listed
    assert len([item for item in postings if "gsi1pk" in item]) >= 5


def test_a_price_change_rewrites_only_the_entry(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given an indexed product
    product = create(cloud, seller, "Millennium Falcon")
    bus.deliver()
    # When its offer's price changes
    price = {"price": {"amount": 3999, "currency": "USD"}}
    assert cloud.call("PATCH", f"/offers/{product['bestOffer']['id']}", user=seller, json_body=price).status == 200
    with dynamodb_calls() as calls:
        bus.deliver()
    # Then the indexer wrote the entry only, and search shows the new price
    assert [operation for operation, _ in calls if operation in WRITES] == ["PutItem"]
    [item] = search(cloud, q="falcon").body["items"]
    assert item["bestOffer"]["price"]["amount"] == 3999


def test_a_renamed_product_leaves_its_old_words_and_pairs(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given an indexed product
    product = create(cloud, seller, "Millennium Falcon")
    bus.deliver()
    # When it is renamed
    body = {"title": "Imperial Star Destroyer"}
    assert cloud.call("PATCH", f"/products/{product['id']}", user=seller, json_body=body).status == 200
    bus.deliver()
    # Then it is found by its new words only
    assert found_ids(search(cloud, q="millennium falcon")) == []
    assert found_ids(search(cloud, q="star destroyer")) == [product["id"]]
    # And no posting of its old words or pairs is left
    postings = {
        item["pk"]["S"] for item in index_items(cloud, "SEARCHTERM#") if item["sk"]["S"].endswith(product["id"])
    }
    assert not {"SEARCHTERM#falcon", "SEARCHTERM#pair:falcon+millennium"} & postings
    assert {"SEARCHTERM#destroyer", "SEARCHTERM#pair:destroyer+star"} <= postings


def test_a_posting_that_outlived_its_words_shows_nothing(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given an indexed product, and a posting left from words it no longer has (two indexers raced)
    product = create(cloud, seller, "Imperial Star Destroyer")
    bus.deliver()
    stale = Candidate(product["id"], "millennium falcon lego toy", "toys", ())
    posting = {name: TypeSerializer().serialize(value) for name, value in store.posting_item("falcon", stale).items()}
    cloud.dynamodb.put_item(TableName=cloud.stack.ref("Table"), Item=posting)
    # When a customer searches for those old words
    answer = search(cloud, q="falcon")
    # Then the product is not shown: the page is checked against its entry's own words
    assert found_ids(answer) == []


def test_postings_that_failed_to_write_are_all_written_when_the_event_is_retried(
    cloud: Cloud, bus: Bus, seller: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a product whose first indexing wrote its entry, then failed to write its postings
    product = create(cloud, seller, "Millennium Falcon")
    [created] = [item for item in bus.pending() if item["detailType"] == "ProductCreated"]
    bus.delivered.add(created["pk"])

    def refused(*_: Any, **__: Any) -> None:
        raise RuntimeError("DynamoDB kept refusing search index writes")

    with monkeypatch.context() as patched:
        patched.setattr(store, "write_postings", refused)
        with pytest.raises(RuntimeError):
            cloud.run(INDEXER, as_bus_event(created))
    # When Lambda retries the event (the product is unchanged)
    cloud.run(INDEXER, as_bus_event(created))
    # Then every posting is written, and search finds the product
    assert found_ids(search(cloud, q="millennium falcon")) == [product["id"]]
