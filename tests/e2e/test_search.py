"""Search over real HTTP on the local cloud: a product listed over the API is found by a misspelled query
once its events have gone outbox -> stream -> publisher -> bus -> rule -> indexer; and an event put on the
bus by hand reaches the indexer through its rule (EventBridge -> Lambda, asynchronously)."""

from __future__ import annotations

import json
import random
import string
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import seller

WAIT_S = 30
CONSONANTS = "bcdfghjklmnpqrstvwz"


def invented_word() -> str:
    """A word no other test uses, letters only (numbers get no typo tolerance)."""
    rng = random.Random(uuid.uuid4().int)
    return "".join(rng.choice(CONSONANTS) + rng.choice("aeiou") for _ in range(4))


def misspelled(word: str) -> str:
    """Two letters swapped in the middle and one dropped at the end: two edits."""
    middle = len(word) // 2
    return word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 : -1]


def seller_token(cloud: LocalCloud) -> str:
    """A new store's access token, carrying the sellers group."""
    return seller(cloud, f"Search {uuid.uuid4().hex[:6]}").token


def wait_until(cloud: LocalCloud, what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} within {WAIT_S}s; see {cloud.log_path}")


def found(http: httpx.Client, text: str) -> list[dict[str, Any]]:
    answer = http.get("/search", params={"q": text})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


@pytest.fixture(scope="module")
def listed(cloud: LocalCloud) -> dict[str, Any]:
    """A product listed over HTTP, with a word no other product has in its title."""
    word = invented_word()
    with cloud.http() as http:
        created = http.post(
            "/products",
            json={
                "title": f"{word.capitalize()} Starfighter",
                "brand": "LEGO",
                "category": "toys",
                "tags": ["star wars"],
                "offer": {"price": {"amount": 4999, "currency": "USD"}, "stock": 5},
            },
            headers={"authorization": f"Bearer {seller_token(cloud)}"},
        )
    assert created.status_code == 201, created.text
    return {"word": word, "product": created.json()}


def test_given_a_product_listed_over_http_when_searched_misspelled_then_it_appears(
    cloud: LocalCloud, listed: dict[str, Any]
) -> None:
    product, typed = listed["product"], misspelled(listed["word"])
    assert typed != listed["word"]
    with cloud.http() as http:
        wait_until(cloud, f"{product['title']} found as {typed!r}", lambda: bool(found(http, typed)))
        [item] = found(http, typed)
    assert item["id"] == product["id"]
    assert item["bestOffer"]["condition"] == "new"


def test_given_an_event_put_on_the_bus_then_its_rule_runs_the_indexer(
    cloud: LocalCloud, listed: dict[str, Any]
) -> None:
    product, word = listed["product"], listed["word"]
    with cloud.http() as http:
        wait_until(cloud, "the product indexed", lambda: bool(found(http, word)))
        # Given the offer sold out behind the API's back (no event of its own)
        ddb, table = cloud.client("dynamodb"), cloud.output("TableName")
        offer = product["bestOffer"]
        ddb.update_item(
            TableName=table,
            Key={"pk": {"S": f"OFFER#{offer['id']}"}, "sk": {"S": "META"}},
            UpdateExpression="SET stock = :zero",
            ExpressionAttributeValues={":zero": {"N": "0"}},
        )
        # When an OfferChanged event is put straight on the bus
        data = {
            "change": "updated",
            "offerId": offer["id"],
            "productId": product["id"],
            "sellerId": offer["sellerId"],
            "condition": "new",
            "price": offer["price"],
            "stock": 0,
        }
        metadata = {"eventId": uuid.uuid4().hex, "correlationId": "e2e-search", "occurredAt": "2026-11-25T10:00:00Z"}
        answer = cloud.client("events").put_events(
            Entries=[
                {
                    "EventBusName": cloud.output("EventBusName"),
                    "Source": "estore.catalog",
                    "DetailType": "OfferChanged",
                    "Detail": json.dumps({"metadata": metadata, "data": data}),
                }
            ]
        )
        assert answer["FailedEntryCount"] == 0
        # Then the indexer (run by the bus rule) takes the product out of search
        wait_until(cloud, "the sold-out product gone from search", lambda: not found(http, word))


def test_unknown_characters_and_empty_pages_answer_200(cloud: LocalCloud) -> None:
    with cloud.http() as http:
        answer = http.get("/search", params={"q": "zzqx " + string.punctuation})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"items": [], "nextCursor": None}
