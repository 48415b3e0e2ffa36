"""Search rules, pure: normalizing, plurals, typo budgets, what is searchable, and ranking typed queries."""

from __future__ import annotations

import pytest

from estore.domain.catalog import Condition, Offer
from estore.domain.money import Money
from estore.domain.search import (
    MAX_POSTINGS_PER_PRODUCT,
    Candidate,
    allowed_edits,
    normalize,
    pair_term,
    parse_query,
    passes,
    search_scope,
    searchable_entry,
    stem,
    words,
)
from estore.domain.search_plan import Vocabulary, plan, reads
from estore.domain.search_rank import rank, similarity

CATALOG = {
    "falcon": "lego millennium falcon lego toy star war",
    "xwing": "lego x wing starfighter lego toy star war",
    "castle": "lego medieval castle lego toy castle",
    "doll": "fashion doll barbie toy doll",
    "train": "wooden train set brio wooden toy",
    "puzzle": "starry night puzzle ravensburger puzzle",
}
VOCABULARY = Vocabulary(word for text in CATALOG.values() for word in text.split())


def offer(
    offer_id: str = "o1", *, seller: str = "s1", condition: Condition = Condition.NEW, stock: int = 3, price: int = 100
) -> Offer:
    return Offer(
        id=offer_id,
        product_id="p1",
        seller_id=seller,
        seller_name="Shop",
        condition=condition,
        condition_note=None if condition is Condition.NEW else "worn",
        price=Money(amount=price, currency="USD"),
        stock=stock,
        variant=None,
    )


PRODUCT = {"id": "p1", "title": "Millennium Falcon", "brand": "LEGO", "category": "Toys", "tags": ["star-wars"]}


def ranked(text: str) -> list[str]:
    query = plan(parse_query(text), VOCABULARY)
    return [c.product_id for c in rank(query, [Candidate(pid, words) for pid, words in CATALOG.items()])]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("LÉGO  Star-Wars!", "lego star wars"), ("Crème Brûlée", "creme brulee"), ("  ", ""), ("R2-D2", "r2 d2")],
)
def test_normalize_folds_accents_case_and_punctuation(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("legos", "lego"),
        ("sets", "set"),
        ("batteries", "battery"),
        ("boxes", "boxe"),
        ("glass", "glass"),
        ("bus", "bus"),
        ("wars", "war"),
        ("toys", "toy"),
        ("1990s", "1990"),
        ("ufo", "ufo"),
    ],
)
def test_stem_turns_plurals_singular_and_leaves_the_rest(plural: str, singular: str) -> None:
    assert stem(plural) == singular


def test_words_drop_stop_words_and_keep_order() -> None:
    assert words("The Lord of the Rings") == ["lord", "ring"]


@pytest.mark.parametrize(("word", "edits"), [("ab", 0), ("lgeo", 1), ("legor", 2), ("75192", 0), ("r2d2", 0)])
def test_typo_budget_grows_with_length_and_numbers_get_none(word: str, edits: int) -> None:
    assert allowed_edits(word) == edits


@pytest.mark.parametrize(
    ("typed", "word", "expected"),
    [
        ("lego", "lego", 1.0),
        ("lgeo", "lego", 0.85),
        ("legor", "lego", 0.85),
        ("milenium", "millennium", 0.7),
        ("abc", "xyz", 0.0),
        ("75193", "75192", 0.0),
    ],
)
def test_similarity_counts_a_transposition_as_one_typo(typed: str, word: str, expected: float) -> None:
    assert similarity(typed, word) == pytest.approx(expected)


def test_similarity_gives_the_last_typed_word_some_credit_as_a_prefix() -> None:
    assert similarity("falc", "falcon", last=True) == pytest.approx(0.7)
    assert similarity("falc", "falcon") == 0.0


def test_vocabulary_finds_near_words_closest_first() -> None:
    assert VOCABULARY.near("legor")[0] == ("lego", 1)
    assert ("lego", 1) in VOCABULARY.near("lgeo")
    assert VOCABULARY.near("zzzzzz") == []
    assert VOCABULARY.starting_with("sta", 5) == ["star", "starry", "starfighter"]


def test_plan_finds_near_words_joined_words_and_split_words() -> None:
    assert plan(parse_query("Legors"), VOCABULARY).groups[0][0] == "lego"
    assert plan(parse_query("starwars"), VOCABULARY).groups == [["star"], ["war"]]
    assert plan(parse_query("star fighter"), VOCABULARY).groups == [["starfighter"]]


def test_reads_start_with_the_pair_of_the_meant_words_then_single_words() -> None:
    # Given a typed query of two words, one misspelled
    query = plan(parse_query("millenium falcn"), VOCABULARY)
    # When the reads are ordered, nothing read yet
    order = reads(query, {})
    # Then the pair of the meant words comes first, single words after every pair
    assert order[0] == pair_term("millennium", "falcon")
    assert order.index("falcon") > max(order.index(term) for term in order if term.startswith("pair:"))


def test_reads_put_a_pair_seen_empty_last() -> None:
    query = plan(parse_query("millennium falcon"), VOCABULARY)
    assert reads(query, {pair_term("millennium", "falcon"): 0})[-1] == pair_term("millennium", "falcon")


def test_entry_pairs_are_close_title_words_and_the_brand_with_each() -> None:
    entry = searchable_entry({**PRODUCT, "title": "Crimson Falcon Building Set"}, [offer()], {"s1"})
    assert entry is not None
    assert entry.pair_terms() == {
        pair_term("crimson", "falcon"),
        pair_term("crimson", "building"),
        pair_term("falcon", "building"),
        pair_term("falcon", "set"),
        pair_term("building", "set"),
        *(pair_term("lego", word) for word in ("crimson", "falcon", "building", "set")),
    }


def test_a_small_product_is_posted_under_every_word_pair_and_its_category_but_no_tag() -> None:
    entry = searchable_entry(PRODUCT, [offer()], {"s1"})
    assert entry is not None
    assert entry.posted_terms() == [
        "cat:toys",
        "millennium",
        "falcon",
        "lego",
        pair_term("millennium", "falcon"),
        "toy",
        "star",
        "war",
        pair_term("lego", "millennium"),
        pair_term("lego", "falcon"),
    ]


def test_a_long_product_is_posted_under_12_terms_its_first_title_words_and_their_pairs_first() -> None:
    title = "Crimson Falcon Starship Hangar Deluxe Edition Collector Display Model Kit Battery Powered"
    product = {**PRODUCT, "title": title, "tags": [f"tag-{number}" for number in range(20)]}
    entry = searchable_entry(product, [offer()], {"s1"})
    assert entry is not None
    assert entry.posted_terms() == [
        "cat:toys",
        *("crimson", "falcon", "starship", "hangar", "deluxe", "edition"),
        "lego",
        pair_term("crimson", "falcon"),
        pair_term("falcon", "starship"),
        pair_term("starship", "hangar"),
        pair_term("hangar", "deluxe"),
    ]
    assert len(entry.posted_terms()) == MAX_POSTINGS_PER_PRODUCT == 12


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Legors", {"falcon", "xwing", "castle"}),
        ("lgeo", {"falcon", "xwing", "castle"}),
        ("Millenium Falcon", {"falcon"}),
        ("lego star wars", {"falcon", "xwing"}),
        ("starwars lego", {"falcon", "xwing"}),
        ("star fighter", {"xwing"}),
        ("wodden trian", {"train"}),
        ("barbie dolls", {"doll"}),
        ("legos castel", {"castle"}),
    ],
)
def test_typed_queries_rank_the_right_products_first(typed: str, first: set[str]) -> None:
    assert set(ranked(typed)[: len(first)]) == first


def test_a_product_matching_under_half_the_query_is_no_result() -> None:
    assert ranked("lego barbie doll")
    assert "falcon" not in ranked("barbie fashion doll")
    assert ranked("qwxz plonk") == []


def test_entry_needs_an_in_stock_new_offer_from_an_active_seller() -> None:
    assert searchable_entry(None, [offer()], {"s1"}) is None
    assert searchable_entry(PRODUCT, [offer(condition=Condition.USED)], {"s1"}) is None
    assert searchable_entry(PRODUCT, [offer(condition=Condition.REFURBISHED)], {"s1"}) is None
    assert searchable_entry(PRODUCT, [offer(stock=0)], {"s1"}) is None
    assert searchable_entry(PRODUCT, [offer()], set()) is None
    entry = searchable_entry(PRODUCT, [offer()], {"s1"})
    assert entry is not None
    assert entry.best_offer.id == "o1"


def test_entry_shows_the_cheapest_new_offer_of_an_active_seller() -> None:
    offers = [
        offer("used", condition=Condition.USED, price=10),
        offer("suspended", seller="s2", price=20),
        offer("sold-out", price=30, stock=0),
        offer("dear", price=90),
        offer("cheap", price=50),
    ]
    entry = searchable_entry(PRODUCT, offers, {"s1"})
    assert entry is not None
    assert entry.best_offer.id == "cheap"


def test_entry_terms_are_words_tags_and_the_category() -> None:
    entry = searchable_entry(PRODUCT, [offer()], {"s1"})
    assert entry is not None
    assert entry.terms() == {"millennium", "falcon", "lego", "toy", "star", "war", "tag:star-wars", "cat:toys"}


def test_filters_match_tag_and_category_slugs() -> None:
    candidate = Candidate("p1", "lego", category="toys", tags=("star-wars",))
    assert passes(candidate, "star-wars", "toys")
    assert passes(candidate, None, None)
    assert not passes(candidate, "castle", None)
    assert not passes(candidate, None, "puzzles")


def test_cursor_scope_binds_the_query_and_its_filters() -> None:
    scopes = {
        search_scope(parse_query("Lego  Falcon"), None, None),
        search_scope(parse_query("lego falcon"), "star-wars", None),
        search_scope(parse_query("lego falcon"), None, "toys"),
    }
    assert len(scopes) == 3
    assert search_scope(parse_query("LEGO falcon!"), None, None) == search_scope(parse_query("lego falcon"), None, None)


def test_a_typed_word_ending_in_s_is_also_matched_as_typed_not_only_as_a_plural() -> None:
    # "pogpuas" is two typos from "pogupasu" as typed, but its singular "pogpua" is three away: the plural
    # reading alone would lose the product (this once failed the e2e search test, one run in nineteen).
    vocabulary = Vocabulary(["pogupasu", "starfighter", "lego"])
    query = plan(parse_query("pogpuas"), vocabulary)
    assert query.groups == [["pogupasu"]]
    assert [c.product_id for c in rank(query, [Candidate("p", "pogupasu starfighter lego")])] == ["p"]
