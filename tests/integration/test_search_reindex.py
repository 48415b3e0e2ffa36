"""make reindex: every product's index rebuilt from the catalog, whatever the index held, and twice is once."""

from __future__ import annotations

from typing import Any

from estore_local.emulator.harness import Cloud, User
from ops.reindex import main
from tests.integration.search_support import Bus, create, found_ids, search


def search_items(cloud: Cloud) -> dict[tuple[str, str], dict[str, Any]]:
    """The index's items (entries, postings, vocabulary) but the times they were written."""
    found = {}
    for item in cloud.table_items():
        if item["pk"]["S"].startswith("SEARCH"):
            kept = {name: value for name, value in item.items() if name not in {"readAt", "gsi1sk"}}
            found[(item["pk"]["S"], item["sk"]["S"])] = kept
    return found


def wipe_index(cloud: Cloud) -> None:
    table = cloud.stack.ref("Table")
    for pk, sk in search_items(cloud):
        cloud.dynamodb.delete_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": sk}})


def test_a_lost_index_is_rebuilt_from_the_catalog(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given indexed products whose index items are all lost
    falcon = create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    castle = create(cloud, seller, "Medieval Castle")
    bus.deliver()
    wipe_index(cloud)
    assert found_ids(search(cloud, q="falcon")) == []
    # When the index is rebuilt
    assert main(["--table", cloud.stack.ref("Table"), "--workers", "2"]) == 0
    # Then search finds every product again, typos forgiven
    assert found_ids(search(cloud, q="milenium falcon")) == [falcon["id"]]
    assert found_ids(search(cloud, q="castel")) == [castle["id"]]


def test_rebuilding_twice_leaves_the_same_index(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given an index rebuilt once
    create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    create(cloud, seller, "Medieval Castle")
    bus.deliver()
    assert main(["--table", cloud.stack.ref("Table")]) == 0
    before = search_items(cloud)
    # When it is rebuilt again
    assert main(["--table", cloud.stack.ref("Table")]) == 0
    # Then the index holds the same items
    assert search_items(cloud) == before


def test_an_entry_whose_product_is_gone_is_hidden(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a product whose deletion the indexer never heard of
    product = create(cloud, seller, "Millennium Falcon")
    bus.deliver()
    cloud.dynamodb.delete_item(
        TableName=cloud.stack.ref("Table"), Key={"pk": {"S": f"PRODUCT#{product['id']}"}, "sk": {"S": "META"}}
    )
    # When the index is rebuilt
    assert main(["--table", cloud.stack.ref("Table")]) == 0
    # Then search no longer shows it, and none of its postings is left
    assert found_ids(search(cloud, q="falcon")) == []
    assert not [key for key in search_items(cloud) if key[0].startswith("SEARCHTERM#") and product["id"] in key[1]]


def test_rewriting_postings_puts_back_what_each_posting_carries(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given an indexed product whose posting carries words it does not have (an older posting shape)
    product = create(cloud, seller, "Millennium Falcon")
    bus.deliver()
    key = {"pk": {"S": "SEARCHTERM#falcon"}, "sk": {"S": f"PRODUCT#{product['id']}"}}
    table = cloud.stack.ref("Table")
    cloud.dynamodb.update_item(
        TableName=table, Key=key, UpdateExpression="SET t = :t", ExpressionAttributeValues={":t": {"S": "old"}}
    )
    # When the index is rebuilt with its postings rewritten
    assert main(["--table", table, "--rewrite-postings"]) == 0
    # Then the posting carries the product's words again
    posting = cloud.dynamodb.get_item(TableName=table, Key=key)["Item"]
    assert posting["t"]["S"] == search_items(cloud)[(f"SEARCH#{product['id']}", "DOC")]["text"]["S"]
