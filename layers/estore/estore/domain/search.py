"""Search rules, pure: what makes a product searchable, the words and terms it is found by, and a typed
query analysed into words. No AWS here; the plan is `search_plan`, the ranking `search_rank`; see
docs/search.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from estore.domain.catalog import Offer, best_new_offer
from estore.domain.tags import fold, slugify

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_WORDS_PER_PRODUCT = 40
STOP_WORDS = frozenset({"a", "an", "and", "the", "of", "for", "with", "in", "on", "to", "by", "or"})
TAG_TERM, CATEGORY_TERM, PAIR_TERM = "tag:", "cat:", "pair:"
PAIR_WINDOW = 2  # a title word is paired with the next one and the one after (a query may skip a word)
# A product is posted under at most this many terms, so that indexing it never takes more than one batch
# write (25 items) after its entry: a rename that changes every word deletes <= 12 and puts <= 12 postings.
MAX_POSTINGS_PER_PRODUCT = 12
LEAD_TITLE_WORDS = 6  # the title words posted before any pair (the rest only if room remains)
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


@lru_cache(maxsize=8192)  # asked for every (typed word, product word) a ranking compares
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
        """Each distinct word, one term per tag and one for the category: what the index posted a product under
        before postings were capped (`posted_terms`), kept for the replay bench's column of main."""
        return {*self.words, *(TAG_TERM + tag for tag in self.tags), CATEGORY_TERM + self.category_slug}

    def pair_terms(self) -> set[str]:
        """Pairs of close title words ("crimson falcon") and of the brand with each title word: a query of two
        words reads the few products having both from one posting list, however common each word is alone."""
        title = list(dict.fromkeys(words(self.title)))
        brand = [word for word in words(self.brand) if word not in title]
        return title_pairs(title) | {pair_term(first, second) for first in brand for second in title}

    def posted_terms(self) -> list[str]:
        """The terms the product is posted under, best first, at most MAX_POSTINGS_PER_PRODUCT: the category
        (browsing it lists every product), the first title words and the brand, the pairs of adjacent ones
        among those title words, then while room remains its other words (title, brand, category, tags), the
        brand with each title word, and the other title pairs. Every word stays in the postings' text, so a
        product found by any of its lists is ranked and filtered by all its words."""
        title = list(dict.fromkeys(words(self.title)))
        brand = [word for word in dict.fromkeys(words(self.brand)) if word not in title]
        lead = title[:LEAD_TITLE_WORDS]
        ranked = [CATEGORY_TERM + self.category_slug, *lead, *brand[:1]]
        ranked += [pair_term(first, second) for first, second in pairwise(lead) if first != second]
        ranked += [*title[LEAD_TITLE_WORDS:], *brand[1:], *self.words]
        ranked += [pair_term(brand[0], word) for word in lead] if brand else []
        ranked += sorted(title_pairs(title) - set(ranked), key=lambda term: _pair_rank(term, title))
        ranked += sorted(self.pair_terms())
        known = set(self.words)
        posted = [
            term for term in dict.fromkeys(ranked) if term in known or term.startswith((CATEGORY_TERM, PAIR_TERM))
        ]
        return posted[:MAX_POSTINGS_PER_PRODUCT]


def _pair_rank(term: str, title: Sequence[str]) -> int:
    """A title pair's rank among the remaining ones: the earlier its first word in the title, the better."""
    first, second = term.removeprefix(PAIR_TERM).split("+", 1)
    return min(title.index(first), title.index(second))


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
    # the typed words cut as the plan reads them, when that differs ("chariotplaymobil" -> chariot, playmobil):
    # the ranking scores a product by the typed words and by each reading, and keeps the best
    readings: list[list[Slot]] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)  # meant words no known word is near (no posting list has them)
    # word similarities computed while ranking this query's candidates: the rounds and the page's check
    # compare the same words again
    similarities: dict[tuple[str, bool], dict[str, float]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return not self.slots


def parse_query(text: str) -> Query:
    raw = normalize(text).split()
    kept = [word for word in raw if word not in STOP_WORDS] or raw
    slots = [Slot(word, stem(word)) for word in kept[:MAX_QUERY_WORDS]]
    return Query(text=" ".join(slot.raw for slot in slots), slots=slots)


@dataclass(frozen=True)
class Candidate:
    """A product a posting named, with what ranking and filters need (read from the posting itself)."""

    product_id: str
    text: str
    category: str = ""
    tags: tuple[str, ...] = ()


def passes(candidate: Candidate, tag: str | None, category: str | None) -> bool:
    """The tag and category filters (both slugs)."""
    return (not tag or tag in candidate.tags) and (not category or candidate.category == category)


def search_scope(query: Query, tag: str | None, category: str | None) -> str:
    """What a cursor is bound to: the analysed query and its filters."""
    return f"search:{query.text}|tag:{tag or ''}|cat:{category or ''}"
