"""GET /search: filters by tag and category, browsing without words, pages with tamper-evident cursors,
zero results as an empty page (and a metric), and bad input as 422s in the one error shape."""

from __future__ import annotations

import json

import pytest

from estore.config import get_settings
from estore.domain.pagination import encode_cursor
from estore.domain.search import parse_query, search_scope
from estore_local.emulator.harness import Cloud, User
from tests.integration.search_support import Bus, create, found_ids, search


def test_tag_and_category_filter_the_matches(cloud: Cloud, bus: Bus, seller: User) -> None:
    falcon = create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    castle = create(cloud, seller, "Medieval Castle", tags=["Castle"])
    train = create(cloud, seller, "Lego Train", category="Trains & Rails")
    bus.deliver()
    assert found_ids(search(cloud, q="lego", tag="Star Wars")) == [falcon["id"]]
    assert found_ids(search(cloud, q="lego", tag="castle")) == [castle["id"]]
    assert found_ids(search(cloud, q="lego", category="trains-rails")) == [train["id"]]
    assert found_ids(search(cloud, q="lego", category="Trains & Rails")) == [train["id"]]
    assert found_ids(search(cloud, q="lego", tag="star-wars", category="trains-rails")) == []


def test_no_words_with_a_tag_or_category_browses_it_newest_first(cloud: Cloud, bus: Bus, seller: User) -> None:
    first = create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    second = create(cloud, seller, "X-Wing Starfighter", tags=["Star Wars"])
    create(cloud, seller, "Medieval Castle", tags=["Castle"])
    bus.deliver()
    assert found_ids(search(cloud, tag="star-wars")) == [second["id"], first["id"]]
    assert len(found_ids(search(cloud, category="toys"))) == 3
    # Paged too
    page = search(cloud, tag="star-wars", limit="1")
    assert found_ids(page) == [second["id"]]
    rest = search(cloud, tag="star-wars", limit="1", cursor=page.body["nextCursor"])
    assert found_ids(rest) == [first["id"]]


def test_browsing_a_tag_fills_its_page_past_products_search_does_not_show(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a tag's products, the newest of them sold out and one of another category
    shown = create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    puzzle = create(cloud, seller, "Death Star Puzzle", category="puzzles", tags=["Star Wars"])
    sold_out = [create(cloud, seller, f"X-Wing {n}", tags=["Star Wars"]) for n in range(2)]
    for product in sold_out:
        offer = f"/offers/{product['bestOffer']['id']}"
        assert cloud.call("PATCH", offer, user=seller, json_body={"stock": 0}).status == 200
    bus.deliver()
    # When a customer browses the tag a page of two at a time, then within one category
    first = search(cloud, tag="star-wars", limit="2")
    # Then the page skips the sold-out products (the tag's list names them: the catalog's) and is full
    assert found_ids(first) == [puzzle["id"], shown["id"]]
    assert found_ids(search(cloud, tag="star-wars", category="toys")) == [shown["id"]]
    # And the page after it is the end of the tag
    rest = search(cloud, tag="star-wars", limit="2", cursor=first.body["nextCursor"])
    assert (found_ids(rest), rest.body["nextCursor"]) == ([], None)


def test_pages_follow_each_other_without_repeats(cloud: Cloud, bus: Bus, seller: User) -> None:
    created = {create(cloud, seller, f"Castle Tower {n}")["id"] for n in range(5)}
    bus.deliver()
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        query = {"q": "castel", "limit": "2", **({"cursor": cursor} if cursor else {})}
        answer = search(cloud, **query)
        seen += found_ids(answer)
        cursor = answer.body["nextCursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(created)
    assert cursor is None


def test_a_forged_cursor_is_a_400(cloud: Cloud, bus: Bus, seller: User) -> None:
    for n in range(3):
        create(cloud, seller, f"Castle Tower {n}")
    bus.deliver()
    cursor = search(cloud, q="castle", limit="1").body["nextCursor"]
    assert cursor
    forged = search(cloud, q="castle", limit="1", cursor=cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB"))
    assert (forged.status, forged.error_code) == (400, "INVALID_CURSOR")
    # A cursor of another query is refused too
    other = search(cloud, q="tower", limit="1", cursor=cursor)
    assert (other.status, other.error_code) == (400, "INVALID_CURSOR")
    assert search(cloud, q="castle", cursor="not-a-cursor").status == 400


def test_a_tag_cursor_from_before_tags_left_the_index_is_a_400(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given a tag browse cursor signed by this API when a tag's page was read from its postings
    create(cloud, seller, "Millennium Falcon", tags=["Star Wars"])
    bus.deliver()
    cloud.enter("SearchFunction")  # its environment holds the cursor secret
    scope = search_scope(parse_query(""), "star-wars", None)
    position = {"key": {"pk": "SEARCHTERM#tag:star-wars", "sk": "PRODUCT#01M8YM47JSCDPWW6QMF2JCZRET"}}
    cursor = encode_cursor(position, secret=get_settings().require("cursor_secret"), scope=scope)
    # When a customer asks for the next page with it
    answer = search(cloud, tag="Star Wars", cursor=cursor)
    # Then it is refused as a cursor this API does not take, not a 500
    assert (answer.status, answer.error_code) == (400, "INVALID_CURSOR")


def test_zero_results_is_an_empty_page_and_a_metric(
    cloud: Cloud, bus: Bus, seller: User, capsys: pytest.CaptureFixture[str]
) -> None:
    create(cloud, seller, "Millennium Falcon")
    bus.deliver()
    capsys.readouterr()
    answer = search(cloud, q="qwxzv plonk")
    assert answer.status == 200
    assert answer.body == {"items": [], "nextCursor": None}
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert any(metric.get("SearchZeroResults") == [1.0] or metric.get("SearchZeroResults") == 1.0 for metric in emitted)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"q": "lego", "limit": "0"}, "limit"),
        ({"q": "lego", "limit": "101"}, "limit"),
        ({"q": "x" * 201}, "q"),
        ({}, "q"),
        ({"q": "  ,, "}, "q"),
    ],
    ids=["limit-0", "limit-101", "q-too-long", "nothing", "only-punctuation"],
)
def test_bad_input_is_a_422_naming_the_field(cloud: Cloud, query: dict[str, str], field: str) -> None:
    answer = search(cloud, **query)
    assert answer.status == 422, answer.body
    assert answer.error_code == "VALIDATION_FAILED"
    assert [detail["field"] for detail in answer.body["error"]["details"]] == [field]
