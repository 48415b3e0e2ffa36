"""Search ranking, pure: how well a product's words answer a typed query (typos, a last word still being
typed, words joined or split), best first. Work grows with the candidates given, never with the catalog.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from estore.domain.search import Candidate, Query, Slot, allowed_edits, stem


def similarity(typed: str, word: str, *, last: bool = False) -> float:
    """1 for the same word, less per typo (within the allowed edits), a little for a prefix of the last word."""
    if typed == word:
        return 1.0
    edits = allowed_edits(typed)
    if edits and abs(len(typed) - len(word)) <= edits:
        distance = OSA.distance(typed, word, score_cutoff=edits)
        if distance <= edits:
            return 1.0 - 0.15 * distance
    if last and len(typed) >= 3 and word.startswith(typed):
        return 0.7
    return 0.0


def score(
    query: Query, candidate_words: Sequence[str], memo: dict[tuple[str, bool], dict[str, float]] | None = None
) -> tuple[float, float]:
    """(how much of the query the product matches, how much of the product the query covers), each 0..1, by
    the typed words or by a reading of them the plan found (words run together or split), whichever matches
    more. `memo` caches word similarities (words repeat a lot); the query's own by default."""
    cache = query.similarities if memo is None else memo
    best = _score(query.slots, candidate_words, cache)
    for reading in query.readings:
        best = max(best, _score(reading, candidate_words, cache))
    return best


def _table(cache: dict[tuple[str, bool], dict[str, float]], typed: str, last: bool) -> dict[str, float]:
    """The similarities of one typed word (as the last word or not) to the product words met so far."""
    table = cache.get((typed, last))
    if table is None:
        table = cache[(typed, last)] = {}
    return table


def _score(
    slots: Sequence[Slot], candidate_words: Sequence[str], cache: dict[tuple[str, bool], dict[str, float]]
) -> tuple[float, float]:
    if not slots or not candidate_words:
        return 0.0, 0.0
    joined_pairs = [a + b for a, b in itertools.pairwise(candidate_words)]
    best = [0.0] * len(slots)
    used: set[int] = set()
    for index, slot in enumerate(slots):
        typed, last, top = slot.word, index == len(slots) - 1, 0.0
        for form in {slot.word, slot.raw}:  # the singular and, for a plural-looking word, the word as typed
            table = _table(cache, form, last)
            for position, word in enumerate(candidate_words):
                value = table.get(word)
                if value is None:
                    value = table[word] = similarity(form, word, last=last)
                if value:
                    used.add(position)
                    top = max(top, value)
        table = _table(cache, typed, False)
        for position, pair in enumerate(joined_pairs):  # typed "starwars", listed "Star Wars"
            value = table.get(pair)
            if value is None:
                value = table[pair] = similarity(typed, pair)
            if value > top:
                top = value
                used.update((position, position + 1))
        best[index] = top
    for index, (left, right) in enumerate(itertools.pairwise(slots)):  # typed "star wars", listed "Starwars"
        joined = stem(left.raw + right.raw)
        table = _table(cache, joined, False)
        for position, word in enumerate(candidate_words):
            value = table.get(word)
            if value is None:
                value = table[word] = similarity(joined, word)
            if value:
                best[index] = max(best[index], value)
                best[index + 1] = max(best[index + 1], value)
                used.add(position)
    matched = sum(best) / len(slots)
    covered = len(used) / len(candidate_words)
    return matched, covered


def rank(query: Query, candidates: Iterable[Candidate], threshold: float = 0.5) -> list[Candidate]:
    """Best first: most of the query matched, then the closest whole-text match, then the tightest product.
    A product matching under `threshold` of the query is no result (one shared common word is not enough)."""
    scored = []
    for candidate in candidates:
        matched, covered = score(query, candidate.text.split())
        if matched < threshold or matched <= 0:
            continue
        overall = fuzz.WRatio(query.text, candidate.text) / 100
        scored.append(((-round(matched, 3), -round(overall + 0.5 * covered, 3), candidate.product_id), candidate))
    scored.sort(key=lambda pair: pair[0])
    return [candidate for _, candidate in scored]
