"""Search rules, pure: what makes a product searchable, the words it is found by, and how a typed query
is matched and ranked (typos, transpositions, plurals, spacing). No AWS here; see docs/search.md.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from estore.domain.catalog import Offer, best_new_offer
from estore.domain.tags import fold, slugify

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_EXPANSIONS_PER_WORD = 6  # known words within a typed word's typo budget, looked up at most
MAX_OPTIONS_PER_WORD = 3  # spellings of one typed word a query may read pairs or postings for
UNSEEN_COUNT = 100  # how long a posting list not read yet is assumed to be, to order reads
MAX_WORDS_PER_PRODUCT = 40
STOP_WORDS = frozenset({"a", "an", "and", "the", "of", "for", "with", "in", "on", "to", "by", "or"})
TAG_TERM, CATEGORY_TERM, PAIR_TERM = "tag:", "cat:", "pair:"
PAIR_WINDOW = 2  # a title word is paired with the next one and the one after (a query may skip a word)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


# ---------------------------------------------------------------- words
def normalize(text: str) -> str:
    """Accents and case folded, anything but letters and digits a single space."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def stem(word: str) -> str:
    """Plural to singular, the light way (Harman's S-stemmer): "sets"->"set", "batteries"->"battery"."""
    if len(word) <= 3 or not word.endswith("s") or word.isdigit():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("us", "ss")):
        return word
    return word[:-1]


def words(text: str) -> list[str]:
    """The words a text is found by, in order: normalized, singular, stop words dropped."""
    return [stem(word) for word in normalize(text).split() if word not in STOP_WORDS]


def allowed_edits(word: str) -> int:
    """How many typos a typed word may carry: none for short words and numbers, one up to 4 letters, else two."""
    if len(word) <= 2 or any(char.isdigit() for char in word):
        return 0
    return 1 if len(word) <= 4 else 2


# ---------------------------------------------------------------- what the index holds
@dataclass(frozen=True)
class SearchEntry:
    """A searchable product as the index stores it: its summary fields, and the words it is found by."""

    product_id: str
    title: str
    brand: str
    category: str
    tags: tuple[str, ...]
    image_key: str | None
    best_offer: Offer
    words: tuple[str, ...]

    @property
    def category_slug(self) -> str:
        return slugify(self.category)

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def terms(self) -> set[str]:
        """Every posting term: each distinct word, plus one term per tag and one for the category."""
        return {*self.words, *(TAG_TERM + tag for tag in self.tags), CATEGORY_TERM + self.category_slug}

    def pair_terms(self) -> set[str]:
        """Pairs of close title words ("crimson falcon") and of the brand with each title word: a query of two
        words reads the few products having both from one posting list, however common each word is alone."""
        title = list(dict.fromkeys(words(self.title)))
        brand = [word for word in words(self.brand) if word not in title]
        return title_pairs(title) | {pair_term(first, second) for first in brand for second in title}


def pair_term(first: str, second: str) -> str:
    """The posting term of two words, in either order."""
    return PAIR_TERM + "+".join(sorted((first, second)))


def title_pairs(title_words: Sequence[str]) -> set[str]:
    return {
        pair_term(word, title_words[other])
        for index, word in enumerate(title_words)
        for other in range(index + 1, min(len(title_words), index + 1 + PAIR_WINDOW))
        if title_words[other] != word
    }


def searchable_entry(
    product: dict[str, Any] | None, offers: Iterable[Offer], active_sellers: set[str]
) -> SearchEntry | None:
    """The product's entry, or None when search must not show it: gone, or no in-stock new offer from an
    active seller. The best offer shown is chosen among those offers only."""
    if product is None:
        return None
    best = best_new_offer([offer for offer in offers if offer.seller_id in active_sellers])
    if best is None:
        return None
    tags = tuple(product.get("tags") or [])
    text = " ".join([product["title"], product["brand"], product["category"], *(tag.replace("-", " ") for tag in tags)])
    found = list(dict.fromkeys(words(text)))[:MAX_WORDS_PER_PRODUCT]
    images = product.get("images") or []
    return SearchEntry(
        product_id=product["id"],
        title=product["title"],
        brand=product["brand"],
        category=product["category"],
        tags=tags,
        image_key=images[0]["contentKey"] if images else None,
        best_offer=best,
        words=tuple(found),
    )


# ---------------------------------------------------------------- the query
@dataclass(frozen=True)
class Slot:
    """One typed word: its normalized form and the singular form it is compared in."""

    raw: str
    word: str


@dataclass
class Query:
    """A typed query, analysed: its words (slots) and, once planned, the known words they stand for."""

    text: str
    slots: list[Slot]
    groups: list[list[str]] = field(default_factory=list)  # the words meant, each its known spellings, best first

    @property
    def empty(self) -> bool:
        return not self.slots


def parse_query(text: str) -> Query:
    raw = normalize(text).split()
    kept = [word for word in raw if word not in STOP_WORDS] or raw
    slots = [Slot(word, stem(word)) for word in kept[:MAX_QUERY_WORDS]]
    return Query(text=" ".join(slot.raw for slot in slots), slots=slots)


class Vocabulary:
    """Every word the index knows, kept sorted in memory, looked up with typos allowed."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._sorted: list[str] = []
        self._known: set[str] = set()
        self._by_length: dict[int, list[str]] = {}
        self._near: dict[tuple[str, int], list[tuple[str, int]]] = {}
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
        remembered = self._near.get((word, limit))
        if remembered is not None:
            return remembered
        choices = [
            term for size in range(len(word) - edits, len(word) + edits + 1) for term in self._by_length.get(size, [])
        ]
        found = _within(word, choices, edits)
        # Typos rarely hit the first letter; then prefer the length the user typed.
        found.sort(key=lambda hit: (hit[1], hit[0][:1] != word[:1], abs(len(hit[0]) - len(word)), hit[0]))
        if len(self._near) > 10_000:
            self._near.clear()
        self._near[(word, limit)] = found[:limit]
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
    word split in two ("camperlego")."""
    query.groups = _groups(query.slots, vocabulary)
    return query


def _groups(slots: Sequence[Slot], vocabulary: Vocabulary) -> list[list[str]]:
    """The words the typist meant, each as its likeliest known spellings: two typed pieces of one known word
    ("gar den") become that word, a typed word that is two known words run together ("camperlego") two."""
    groups: list[list[str]] = []
    index = 0
    while index < len(slots):
        slot, last = slots[index], index == len(slots) - 1
        if not last:
            following = slots[index + 1]
            pieces_known = all(s.word in vocabulary and len(s.word) > 3 for s in (slot, following))
            joined = vocabulary.near(stem(slot.raw + following.raw), 1)
            if joined and not pieces_known:
                groups.append([joined[0][0]])
                index += 2
                continue
        split = _splits(slot.raw, vocabulary)
        if split and slot.word not in vocabulary:
            groups += [[split[0][0]], [split[0][1]]]
        else:
            groups.append(_options(slot, vocabulary, last=last))
        index += 1
    return groups


def _options(slot: Slot, vocabulary: Vocabulary, *, last: bool) -> list[str]:
    """The known words a typed word may be, best first: itself when known, else its closest spellings (then,
    for the last word, words it starts), else itself (a word newer than this container's vocabulary)."""
    if slot.word in vocabulary:
        return [slot.word]
    found = [term for term, _ in vocabulary.near(slot.word, MAX_OPTIONS_PER_WORD)]
    if last and len(slot.raw) >= 3 and len(found) < MAX_OPTIONS_PER_WORD:
        found += [term for term in vocabulary.starting_with(slot.raw, 2) if term not in found]
    return found[:MAX_OPTIONS_PER_WORD] or [slot.word]


def reads(query: Query, counts: Mapping[str, int]) -> list[str]:
    """Posting lists worth reading for a planned query, most telling first: the pair of the typed words'
    likeliest spellings (a few products have both), then pairs with other spellings, then single words.
    `counts` are the list lengths seen so far (this container's reads): the shortest known list of a tier
    goes first, an empty one last; an unseen pair of longer words before one of shorter words."""
    groups = query.groups
    ranked: dict[str, tuple[int, int, int]] = {}

    def offer(term: str, tier: int, length: int) -> None:
        seen = counts.get(term)
        key = (tier + (3 if seen == 0 else 0), UNSEEN_COUNT if seen is None else seen, -length)
        if term not in ranked or key < ranked[term]:
            ranked[term] = key

    for index, later in itertools.combinations(range(len(groups)), 2):
        for rank_a, word_a in enumerate(groups[index]):
            for rank_b, word_b in enumerate(groups[later]):
                if word_a != word_b:
                    offer(pair_term(word_a, word_b), min(1, rank_a + rank_b), len(word_a) + len(word_b))
    for choices in groups:
        for position, word in enumerate(choices):
            offer(word, 2 if len(groups) > 1 else position, len(word))
    return sorted(ranked, key=lambda term: ranked[term])


def _splits(raw: str, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """Two known words a typed word may be, run together: both exact, else one exact and one near."""
    if raw in vocabulary or len(raw) < 5:
        return []
    exact, near = [], []
    for cut in range(2, len(raw) - 1):
        first, second = stem(raw[:cut]), stem(raw[cut:])
        if first in vocabulary and second in vocabulary:
            exact.append((first, second))
        elif first in vocabulary and len(second) >= 4:
            near += [(first, term) for term, _ in vocabulary.near(second, 1)]
        elif second in vocabulary and len(first) >= 4:
            near += [(term, second) for term, _ in vocabulary.near(first, 1)]
    return (exact or near)[:2]


# ---------------------------------------------------------------- ranking
@dataclass(frozen=True)
class Candidate:
    """A product a posting named, with what ranking and filters need (read from the posting itself)."""

    product_id: str
    text: str
    category: str = ""
    tags: tuple[str, ...] = ()


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
    query: Query, candidate_words: Sequence[str], memo: dict[tuple[str, str, bool], float] | None = None
) -> tuple[float, float]:
    """(how much of the query the product matches, how much of the product the query covers), each 0..1.
    `memo` caches word similarities across the candidates of one ranking (words repeat a lot)."""
    slots = query.slots
    if not slots or not candidate_words:
        return 0.0, 0.0
    cache = {} if memo is None else memo

    def similar(typed: str, word: str, last: bool = False) -> float:
        key = (typed, word, last)
        value = cache.get(key)
        if value is None:
            value = cache[key] = similarity(typed, word, last=last)
        return value

    joined_pairs = [a + b for a, b in itertools.pairwise(candidate_words)]
    best = [0.0] * len(slots)
    used: set[int] = set()
    for index, slot in enumerate(slots):
        last = index == len(slots) - 1
        for position, word in enumerate(candidate_words):
            value = similar(slot.word, word, last)
            if value > best[index]:
                best[index] = value
            if value:
                used.add(position)
        for position, pair in enumerate(joined_pairs):  # typed "starwars", listed "Star Wars"
            value = similar(slot.word, pair)
            if value > best[index]:
                best[index] = value
                used.update((position, position + 1))
    for index, (left, right) in enumerate(itertools.pairwise(slots)):  # typed "star wars", listed "Starwars"
        joined = stem(left.raw + right.raw)
        for position, word in enumerate(candidate_words):
            value = similar(joined, word)
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
    memo: dict[tuple[str, str, bool], float] = {}
    for candidate in candidates:
        matched, covered = score(query, candidate.text.split(), memo)
        if matched < threshold or matched <= 0:
            continue
        overall = fuzz.WRatio(query.text, candidate.text) / 100
        scored.append(((-round(matched, 3), -round(overall + 0.5 * covered, 3), candidate.product_id), candidate))
    scored.sort(key=lambda pair: pair[0])
    return [candidate for _, candidate in scored]


def passes(candidate: Candidate, tag: str | None, category: str | None) -> bool:
    """The tag and category filters (both slugs)."""
    return (not tag or tag in candidate.tags) and (not category or candidate.category == category)


def search_scope(query: Query, tag: str | None, category: str | None) -> str:
    """What a cursor is bound to: the analysed query and its filters."""
    return f"search:{query.text}|tag:{tag or ''}|cat:{category or ''}"


# ---------------------------------------------------------------- candidates, a few posting lists at a time
READS_PER_ROUND = 2  # posting lists read together (one parallel round trip)
ROUNDS = 2  # a second round only when the first found nothing matching the whole query
WHOLE_MATCH = 0.8  # the best candidate's share of the query that ends the search for candidates


def gather(
    query: Query,
    order: Sequence[str],
    read: Callable[[Sequence[str]], Mapping[str, Sequence[Candidate]]],
    tag: str | None = None,
    category: str | None = None,
) -> list[Candidate]:
    """Reads the posting lists in `order`, a round of a few at a time, and ranks what passes the filters;
    stops after the first round whose best candidate matches the whole query (typos allowed)."""
    candidates: dict[str, Candidate] = {}
    ranked: list[Candidate] = []
    for start in range(0, min(len(order), READS_PER_ROUND * ROUNDS), READS_PER_ROUND):
        for postings in read(order[start : start + READS_PER_ROUND]).values():
            for candidate in postings:
                if passes(candidate, tag, category):
                    candidates.setdefault(candidate.product_id, candidate)
        ranked = rank(query, candidates.values())
        if ranked and score(query, ranked[0].text.split())[0] >= WHOLE_MATCH:
            break
    return ranked
