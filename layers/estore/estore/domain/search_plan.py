"""The query plan, pure: the known words a typed query means (typos, plurals, a last word still being typed,
words joined or split), the posting lists worth reading in which order, and the rounds that read them.
The same code answers GET /search and the replay bench (`bench/search/replay`); see docs/search.md.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence

from rapidfuzz.distance import OSA

from estore.domain.search import Candidate, Query, Slot, allowed_edits, pair_term, passes, stem
from estore.domain.search_rank import rank, score

MAX_EXPANSIONS_PER_WORD = 6  # known words within a typed word's typo budget, looked up at most
MAX_OPTIONS_PER_WORD = 3  # spellings of one typed word a query may read pairs or postings for
UNSEEN_COUNT = 100  # how long a posting list not read yet is assumed to be, to order reads


class Vocabulary:
    """Every word the index knows, kept sorted in memory, looked up with typos allowed."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._sorted: list[str] = []
        self._known: set[str] = set()
        self._by_length: dict[int, list[str]] = {}
        self._near: dict[str, list[tuple[str, int]]] = {}
        self.add(terms)

    def add(self, terms: Iterable[str]) -> None:
        fresh = {term for term in terms if term and term not in self._known}
        if fresh:
            self._known |= fresh
            self._sorted = sorted(self._known)
            for term in fresh:
                if sum(char.isdigit() for char in term) < 3:  # set numbers: never within a typo of a typed word
                    self._by_length.setdefault(len(term), []).append(term)
            self._near.clear()

    def __contains__(self, term: object) -> bool:
        return term in self._known

    def __len__(self) -> int:
        return len(self._known)

    def near(self, word: str, limit: int = MAX_EXPANSIONS_PER_WORD) -> list[tuple[str, int]]:
        """Known terms within the word's allowed edits (a transposition is one edit), closest first."""
        edits = allowed_edits(word)
        if edits == 0:
            return [(word, 0)] if word in self._known else []
        found = self._near.get(word)  # every near word is remembered, whatever `limit` asked for
        if found is None:
            choices = [
                term
                for size in range(len(word) - edits, len(word) + edits + 1)
                for term in self._by_length.get(size, [])
            ]
            found = _within(word, choices, edits)
            # Typos rarely hit the first letter; then prefer the length the user typed.
            found.sort(key=lambda hit: (hit[1], hit[0][:1] != word[:1], abs(len(hit[0]) - len(word)), hit[0]))
            if len(self._near) > 10_000:
                self._near.clear()
            self._near[word] = found
        return found[:limit]

    def starting_with(self, prefix: str, limit: int) -> list[str]:
        start = bisect.bisect_left(self._sorted, prefix)
        found: list[str] = []
        for term in self._sorted[start:]:
            if not term.startswith(prefix) or len(found) >= limit:
                break
            found.append(term)
        return sorted(found, key=len)


def _within(word: str, choices: Sequence[str], edits: int) -> list[tuple[str, int]]:
    from rapidfuzz import process

    hits = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
    return [(str(term), int(distance)) for term, distance, _ in hits]


def plan(query: Query, vocabulary: Vocabulary) -> Query:
    """Finds the words the typist meant among the known ones: each typed word's likeliest spellings (typos,
    plurals, a last word still being typed), two typed pieces of one word joined ("gar den"), one typed
    word split in two or three ("camperlego", "legostarwars"), a space typed one letter off ("sac redcastle").
    When the meant words are cut differently from the typed ones, they are also a reading the ranking scores
    (`Query.readings`): "chariotplaymobil" matches a product with "Chariot" in its title and Playmobil as
    its brand, though the two words are not side by side there."""
    query.groups, meant = _groups(query.slots, vocabulary)
    query.readings = [meant] if [slot.word for slot in meant] != [slot.word for slot in query.slots] else []
    query.unknown = {group[0] for group in query.groups if len(group) == 1 and group[0] not in vocabulary}
    return query


def _groups(slots: Sequence[Slot], vocabulary: Vocabulary) -> tuple[list[list[str]], list[Slot]]:
    """The words the typist meant, each as its likeliest known spellings, and the meant words as slots to rank
    by: two typed pieces of one known word ("gar den") become that word, a typed word that is two or three
    known words run together ("camperlego") those words, unless one known word is as close to it."""
    groups: list[list[str]] = []
    meant: list[Slot] = []
    index = 0
    while index < len(slots):
        slot, last = slots[index], index == len(slots) - 1
        if not last:
            following = slots[index + 1]
            pieces_known = all(s.word in vocabulary and len(s.word) > 3 for s in (slot, following))
            joined = vocabulary.near(stem(slot.raw + following.raw), 1)
            # "haunted bas" is not "haunted": a join must use both pieces
            if joined and not pieces_known and joined[0][0] not in (slot.word, following.word):
                groups.append([joined[0][0]])
                meant.append(Slot(joined[0][0], joined[0][0]))
                index += 2
                continue
            if _unknown(slot, vocabulary) and _unknown(following, vocabulary):
                resplit = _segments(slot.raw + following.raw, vocabulary)  # "sac redskyscraper"
                if resplit and resplit[1] == 0:
                    groups += [[word] for word in resplit[0]]
                    meant += [Slot(word, word) for word in resplit[0]]
                    index += 2
                    continue
        split = _segments(slot.raw, vocabulary) if slot.word not in vocabulary else None
        closest = _near(slot, vocabulary, 1) if split else []
        if split and (not closest or split[1] < closest[0][1]):  # "winndmill" is "windmill", not "windy mill"
            groups += [[word] for word in split[0]]
            meant += [Slot(word, word) for word in split[0]]
        else:
            groups.append(_options(slot, vocabulary, last=last))
            meant.append(slot)
        index += 1
    return groups, meant


def _unknown(slot: Slot, vocabulary: Vocabulary) -> bool:
    return slot.word not in vocabulary and not _near(slot, vocabulary, 1)


def _near(slot: Slot, vocabulary: Vocabulary, limit: int) -> list[tuple[str, int]]:
    """Known words near a typed word, closest first, as its singular and as typed: "pogpuas" is two typos
    from "pogupasu", its singular "pogpua" three."""
    found = vocabulary.near(slot.word, limit)
    if slot.raw != slot.word:
        closest = {term: distance for term, distance in found}
        for term, distance in vocabulary.near(slot.raw, limit):
            closest[term] = min(distance, closest.get(term, distance))
        found = sorted(closest.items(), key=lambda hit: hit[1])[:limit]  # stable: the singular's order on ties
    return found


def _segments(raw: str, vocabulary: Vocabulary) -> tuple[list[str], int] | None:
    """The known words a typed word may be, run together, and the typos that reading assumes: two words (both
    exact, else one exact and one near), else three exact ones ("legoyoungtemple")."""
    exact, near = _split_parts(raw, vocabulary)
    if exact or near:
        return list((exact or near)[0]), 0 if exact else 1
    if len(raw) < 8:
        return None
    for cut in range(3, len(raw) - 4):
        head = stem(raw[:cut])
        if raw[:cut] in vocabulary or head in vocabulary:
            tail, _ = _split_parts(raw[cut:], vocabulary, exact_only=True)
            if tail:
                return [head if head in vocabulary else raw[:cut], *tail[0]], 0
    return None


def _options(slot: Slot, vocabulary: Vocabulary, *, last: bool) -> list[str]:
    """The known words a typed word may be, best first: itself when known, else its closest spellings (then,
    for the last word, words it starts), else itself (a word newer than this container's vocabulary)."""
    if slot.word in vocabulary:
        return [slot.word]
    found = [term for term, _ in _near(slot, vocabulary, MAX_OPTIONS_PER_WORD)]
    if last and len(slot.raw) >= 3 and len(found) < MAX_OPTIONS_PER_WORD:
        found += [term for term in vocabulary.starting_with(slot.raw, 2) if term not in found]
    return found[:MAX_OPTIONS_PER_WORD] or [slot.word]


def reads(query: Query, counts: Mapping[str, int]) -> list[str]:
    """Posting lists worth reading for a planned query, most telling first: the pair of the typed words'
    likeliest spellings (a few products have both), then pairs with other spellings, then single words.
    `counts` are the list lengths seen so far (this container's reads): the shortest known list of a tier
    goes first, an empty one last, as does a list of a word the vocabulary does not know (it may be newer than
    this container's vocabulary, so it is still read, last); an unseen pair of longer words before one of
    shorter words."""
    groups = query.groups
    ranked: dict[str, tuple[int, int, int]] = {}

    def offer(term: str, tier: int, length: int, *words: str) -> None:
        seen = counts.get(term)
        last = seen == 0 or any(word in query.unknown for word in words)
        key = (tier + (3 if last else 0), UNSEEN_COUNT if seen is None else seen, -length)
        if term not in ranked or key < ranked[term]:
            ranked[term] = key

    for index, later in itertools.combinations(range(len(groups)), 2):
        for rank_a, word_a in enumerate(groups[index]):
            for rank_b, word_b in enumerate(groups[later]):
                if word_a != word_b:
                    offer(pair_term(word_a, word_b), min(1, rank_a + rank_b), len(word_a) + len(word_b), word_a, word_b)
    for choices in groups:
        for position, word in enumerate(choices):
            offer(word, 2 if len(groups) > 1 else position, len(word), word)
    return sorted(ranked, key=lambda term: ranked[term])


def _splits(raw: str, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """Two known words a typed word may be, run together: both exact, else one exact and one near."""
    exact, near = _split_parts(raw, vocabulary)
    return (exact or near)[:2]


def _split_parts(
    raw: str, vocabulary: Vocabulary, *, exact_only: bool = False
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(both halves known, one half known and the other near): the cuts of a typed word into two known words."""
    exact: list[tuple[str, str]] = []
    near: list[tuple[str, str]] = []
    if raw in vocabulary or len(raw) < 5:
        return exact, near
    for cut in range(2, len(raw) - 1):
        first, second = stem(raw[:cut]), stem(raw[cut:])
        if first in vocabulary and second in vocabulary:
            exact.append((first, second))
        elif exact_only:
            continue
        elif first in vocabulary and len(second) >= 4:
            near += [(first, term) for term, _ in vocabulary.near(second, 1)]
        elif second in vocabulary and len(first) >= 4:
            near += [(term, second) for term, _ in vocabulary.near(first, 1)]
    return exact, near


# ---------------------------------------------------------------- candidates, a few posting lists at a time
READS_PER_ROUND = 2  # posting lists read together (one parallel round trip)
ROUNDS = 2  # a second round only when the first found nothing matching the whole query or every known meant word
WHOLE_MATCH = 0.8  # the best candidate's share of the query that ends the search for candidates


def gather(
    query: Query,
    order: Sequence[str],
    read: Callable[[Sequence[str]], Mapping[str, Sequence[Candidate]]],
    tag: str | None = None,
    category: str | None = None,
) -> list[Candidate]:
    """Reads the posting lists in `order`, a round of a few at a time, and ranks what passes the filters;
    stops after the first round whose best candidate matches the whole query (typos allowed) or has the
    likeliest spelling of every meant word the vocabulary knows (a typed word nothing known is near cannot
    be found in any list)."""
    candidates: dict[str, Candidate] = {}
    ranked: list[Candidate] = []
    for start in range(0, min(len(order), READS_PER_ROUND * ROUNDS), READS_PER_ROUND):
        for postings in read(order[start : start + READS_PER_ROUND]).values():
            for candidate in postings:
                if passes(candidate, tag, category):
                    candidates.setdefault(candidate.product_id, candidate)
        ranked = rank(query, candidates.values())
        if ranked and (score(query, ranked[0].text.split())[0] >= WHOLE_MATCH or _has_known_words(query, ranked[0])):
            break
    return ranked


def _has_known_words(query: Query, candidate: Candidate) -> bool:
    """Whether the product has the likeliest spelling of each meant word the vocabulary knows."""
    found = set(candidate.text.split())
    return all(group[0] in found for group in query.groups if group[0] not in query.unknown)
