"""Recommendations, as pure rules: what an order adds to the counters, and how counters become a ranking.

Item-to-item collaborative filtering (Linden, Smith and York, "Amazon.com recommendations", 2003):
for each product, how often each other product was bought in the same order. A customer's list is
the neighbours of what they bought (recent purchases weigh more), damped by each neighbour's plain
popularity (so what everyone buys does not crowd out what *these* buyers buy), blended with the best
sellers of the tags they buy most. The store keeps the counters bounded; these functions never see
more than a few hundred numbers. `bench/recommendations` measures the ranking on planted data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from estore.domain.catalog import ProductSummary
from estore.domain.models import ApiModel

# Attribute prefixes of the counter items (one attribute per product or tag).
NEIGHBOUR, POPULAR, BOUGHT, TAG, NEW = "c_", "p_", "b_", "t_", "n_"
UNITS = "units"  # on a customer's history: every unit they bought (the base of their tag shares)

MAX_NEIGHBOURS = 50  # per product: the strongest co-purchases are kept
MAX_TAG_PRODUCTS = 50  # per tag: its best sellers
MAX_BOUGHT = 100  # per customer: the most recent purchases (older ones may be recommended again)
MAX_TAGS = 30  # per customer: the tags bought most
MAX_NEW = 100  # newest products kept for the cold start
MAX_ORDER_TAGS = 40  # tags one order updates (keeps the event's transaction within 100 items)
BEST_SELLER_DAYS = 30
RECENT_PURCHASES = 20  # whose neighbour lists a personal answer reads
TOP_TAGS = 8  # whose best sellers a personal answer reads
CANDIDATES = 50  # checked for being on sale (two keys each: one BatchGetItem of 100)
DEFAULT_LIMIT, MAX_LIMIT = 10, 20
TAG_WEIGHT = 2.0  # tag affinity (with lift) is the steadier signal on sparse co-purchases (bench)


class Reason(StrEnum):
    PERSONAL = "personal"
    POPULAR = "popular"
    NEW = "new"


class Recommendations(ApiModel):
    """GET /recommendations and GET /orders/{orderId}/recommendations."""

    items: list[ProductSummary]
    reason: Reason


# ---------------------------------------------------------------- what an order adds
@dataclass(frozen=True)
class OrderCounts:
    """The ADDs one order makes: co-purchases, units per product, units per tag, the buyer's taste."""

    neighbours: dict[str, dict[str, int]]  # product -> other product in the order -> +1
    units: dict[str, int]  # product -> units sold
    tags: dict[str, dict[str, int]]  # tag -> product -> units
    customer_tags: dict[str, int]  # tag -> units the customer bought with it
    bought: list[str] = field(default_factory=list)
    total_units: int = 0


def order_counts(quantities: Mapping[str, int], tags_of: Mapping[str, Iterable[str]]) -> OrderCounts:
    """Quantities per product of one order, and each product's tags (products gone meanwhile have none)."""
    products = sorted(quantities)
    neighbours = {p: {q: 1 for q in products if q != p} for p in products if len(products) > 1}
    tags: dict[str, dict[str, int]] = {}
    customer_tags: dict[str, int] = {}
    for product in products:
        for slug in tags_of.get(product, ()):
            if slug not in tags and len(tags) >= MAX_ORDER_TAGS:
                continue
            tags.setdefault(slug, {})[product] = quantities[product]
            customer_tags[slug] = customer_tags.get(slug, 0) + quantities[product]
    return OrderCounts(neighbours, dict(quantities), tags, customer_tags, products, sum(quantities.values()))


def weakest(counts: Mapping[str, float], keep: int) -> list[str]:
    """The entries to drop so that `keep` remain: the smallest values (ties: the larger id goes)."""
    if len(counts) <= keep:
        return []
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    return ranked[keep:]


def counters(item: Mapping[str, object] | None, prefix: str) -> dict[str, int]:
    """The counters of one prefix in a stored item, by product id (or tag)."""
    if not item:
        return {}
    found: dict[str, int] = {}
    for name, value in item.items():
        if name.startswith(prefix) and isinstance(value, int | float):
            found[name[len(prefix) :]] = int(value)
    return found


# ---------------------------------------------------------------- rankings
def ranked(scores: Mapping[str, float]) -> list[str]:
    return sorted((pid for pid, score in scores.items() if score > 0), key=lambda pid: (-scores[pid], pid))


def best_sellers(days: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Units per product over the given days."""
    total: dict[str, int] = {}
    for day in days:
        for product, units in day.items():
            total[product] = total.get(product, 0) + units
    return total


def newest(created: Mapping[str, int]) -> list[str]:
    return sorted(created, key=lambda pid: (created[pid], pid), reverse=True)  # ids sort by time too


def most_recent(bought: Mapping[str, int], count: int) -> list[str]:
    """The products bought last (by purchase time; ties by id)."""
    return sorted(bought, key=lambda pid: (-bought[pid], pid))[:count]


def top_tags(affinity: Mapping[str, int], count: int) -> list[str]:
    return sorted(affinity, key=lambda slug: (-affinity[slug], slug))[:count]


def also_bought(
    sources: list[str], neighbours: Mapping[str, Mapping[str, int]], popularity: Mapping[str, int]
) -> dict[str, float]:
    """Item-to-item scores: each source's neighbours by how often they were bought together, the first
    sources weighing most, each neighbour damped by the square root of its own popularity."""
    scores: dict[str, float] = {}
    for rank, source in enumerate(sources):
        weight = 1.0 / (1 + rank)
        row = neighbours.get(source) or {}
        for other, together in row.items():
            scores[other] = scores.get(other, 0.0) + weight * together / math.sqrt(1 + popularity.get(other, 0))
    return scores


def tag_scores(
    affinity: Mapping[str, int],
    units_bought: int,
    tag_sales: Mapping[str, Mapping[str, int]],
    popularity: Mapping[str, int],
) -> dict[str, float]:
    """Products of the tags this customer buys *more than everyone does* (the lift of the tag's share of
    the customer's units over its share of all units sold: a tag on everything says nothing), each by its
    share of that tag's sales."""
    mine = max(units_bought, 1)
    everyone = sum(popularity.values()) or 1
    scores: dict[str, float] = {}
    for slug, sales in tag_sales.items():
        sold = sum(sales.values())
        if not sold:
            continue
        lift = (affinity.get(slug, 0) / mine) / min(1.0, sold / everyone)
        weight = math.log(lift) if lift > 1 else 0.0
        for product, units in sales.items():
            scores[product] = scores.get(product, 0.0) + weight * units / sold
    return scores


def _normalized(scores: Mapping[str, float]) -> dict[str, float]:
    top = max(scores.values(), default=0.0)
    return {pid: score / top for pid, score in scores.items()} if top > 0 else {}


def personal(
    bought: Mapping[str, int],
    affinity: Mapping[str, int],
    units_bought: int,
    neighbours: Mapping[str, Mapping[str, int]],
    tag_sales: Mapping[str, Mapping[str, int]],
    popularity: Mapping[str, int],
) -> list[str]:
    """A customer's candidates, best first: co-purchase blended with tag affinity, never what they bought."""
    co = _normalized(also_bought(most_recent(bought, RECENT_PURCHASES), neighbours, popularity))
    by_tag = _normalized(tag_scores(affinity, units_bought, tag_sales, popularity))
    blended = {pid: co.get(pid, 0.0) + TAG_WEIGHT * by_tag.get(pid, 0.0) for pid in co.keys() | by_tag.keys()}
    return [pid for pid in ranked(blended) if pid not in bought]


def popular_then_new(popularity: Mapping[str, int], created: Mapping[str, int]) -> list[tuple[str, Reason]]:
    """The cold start: best sellers of the last days, then new arrivals, each once."""
    seen: set[str] = set()
    out: list[tuple[str, Reason]] = []
    for pid in ranked({pid: float(units) for pid, units in popularity.items()}):
        seen.add(pid)
        out.append((pid, Reason.POPULAR))
    out += [(pid, Reason.NEW) for pid in newest(created) if pid not in seen]
    return out
