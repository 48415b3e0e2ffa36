"""How the plan reads typed words cut differently from the known ones, and when it stops reading lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from estore.domain.search import Candidate, pair_term, parse_query
from estore.domain.search_plan import Vocabulary, gather, plan, reads
from estore.domain.search_rank import rank

CATALOG = {
    "falcon": "lego millennium falcon lego toy star war",
    "xwing": "lego x wing starfighter lego toy star war",
    "castle": "lego medieval castle lego toy castle",
}
VOCABULARY = Vocabulary(word for text in CATALOG.values() for word in text.split())


def test_plan_reads_a_word_run_together_of_three_known_words() -> None:
    assert plan(parse_query("legostarwars"), VOCABULARY).groups == [["lego"], ["star"], ["war"]]


def test_ranking_matches_words_run_together_where_the_product_has_them_apart() -> None:
    # Given "war" and "falcon" typed as one word, apart and in another order in the product's words
    query = plan(parse_query("warfalcon"), VOCABULARY)
    # When the products are ranked
    found = [candidate.product_id for candidate in rank(query, [Candidate(p, t) for p, t in CATALOG.items()])]
    # Then the product having both comes first
    assert found[0] == "falcon"


def test_plan_prefers_one_near_word_to_two_words_assuming_as_many_typos() -> None:
    vocabulary = Vocabulary(["windmill", "windy", "mill"])
    assert plan(parse_query("winndmill"), vocabulary).groups == [["windmill"]]


def test_plan_does_not_join_two_typed_pieces_into_the_first_one() -> None:
    vocabulary = Vocabulary(["haunted", "bastion"])
    assert plan(parse_query("haunted bas tion"), vocabulary).groups == [["haunted"], ["bastion"]]


def test_plan_moves_a_space_typed_in_the_wrong_place() -> None:
    vocabulary = Vocabulary(["sacred", "skyscraper", "red"])
    assert plan(parse_query("sac redskyscraper"), vocabulary).groups == [["sacred"], ["skyscraper"]]


def test_reads_put_the_lists_of_a_word_nothing_known_is_near_last() -> None:
    query = plan(parse_query("qzxv millennium falcon"), VOCABULARY)
    order = reads(query, {})
    assert order[:3] == [pair_term("millennium", "falcon"), "millennium", "falcon"]
    assert all("qzxv" in term for term in order[3:])


def test_search_stops_after_a_round_whose_best_product_has_every_known_word() -> None:
    # Given a query with a word nothing known is near, and a pair list holding a product with the other two
    query = plan(parse_query("qzxv millennium falcon"), VOCABULARY)
    rounds: list[Sequence[str]] = []

    def read(terms: Sequence[str]) -> Mapping[str, Sequence[Candidate]]:
        rounds.append(terms)
        return {term: [Candidate("falcon", CATALOG["falcon"])] if "falcon" in term else [] for term in terms}

    # When candidates are gathered
    found = gather(query, reads(query, {}), read)
    # Then one round was read (the unknown word cannot be in any list), and the product found
    assert len(rounds) == 1
    assert [candidate.product_id for candidate in found] == ["falcon"]
