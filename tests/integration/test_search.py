"""Search through the real handlers against moto: products created through POST /products, the indexer run
on the events those requests really wrote (the outbox, as the bus delivers them), GET /search on the index."""

from __future__ import annotations

from typing import Any

import pytest

from estore_local.emulator.harness import Cloud, User
from tests.integration.search_support import Bus, create, found_ids, search


def seed_catalog(cloud: Cloud, seller: User) -> dict[str, dict[str, Any]]:
    """LEGO sets and other toys, created through POST /products."""
    return {
        "falcon": create(cloud, seller, "Millennium Falcon", tags=["Star Wars"]),
        "xwing": create(cloud, seller, "X-Wing Starfighter", tags=["Star Wars"]),
        "castle": create(cloud, seller, "Medieval Castle", tags=["Castle"]),
        "doll": create(cloud, seller, "Fashion Doll", brand="Barbie", tags=["Dolls"]),
        "train": create(cloud, seller, "Wooden Train Set", brand="Brio", category="wooden toys"),
        "puzzle": create(cloud, seller, "Starry Night Puzzle", brand="Ravensburger", category="puzzles"),
    }


def search_for_item(cloud: Cloud, text: str, **filters: str) -> list[str]:
    return found_ids(search(cloud, q=text, **filters))


def test_search_for_item(cloud: Cloud, bus: Bus, seller: User) -> None:
    # Given LEGO and non-LEGO products created through POST /products, indexed from their real events
    catalog = seed_catalog(cloud, seller)
    assert bus.deliver() >= len(catalog)
    lego = {catalog[name]["id"] for name in ("falcon", "xwing", "castle")}
    # When a customer searches for "Legors"
    found = search_for_item(cloud, "Legors")
    # Then every LEGO item is found, and nothing else
    assert set(found) == lego
    # And each shows its best new offer
    answer = search(cloud, q="Legors")
    assert all(item["bestOffer"]["condition"] == "new" for item in answer.body["items"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lgeo", {"falcon", "xwing", "castle"}),
        ("Millenium Falcon", {"falcon"}),
        ("millenium falcn", {"falcon"}),
        ("lego star wars", {"falcon", "xwing"}),
        ("starwars lego", {"falcon", "xwing"}),
        ("xwing", {"xwing"}),
        ("wodden trains", {"train"}),
        ("barbie dolls", {"doll"}),
    ],
)
def test_typos_spacing_and_plurals_find_the_right_products(
    cloud: Cloud, bus: Bus, seller: User, typed: str, expected: set[str]
) -> None:
    catalog = seed_catalog(cloud, seller)
    bus.deliver()
    found = search_for_item(cloud, typed)
    assert set(found[: len(expected)]) == {catalog[name]["id"] for name in expected}
