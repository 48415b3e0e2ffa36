"""Recommendation quality on a generated purchase history with planted affinities.

Run: `make bench` (or `python -m bench.recommendations [--customers N] [--seed N]`).

The shop: themes of LEGO-like sets (Star Wars, City, Technic, ...), each product tagged with its theme,
product popularity Zipf-distributed. Each customer has a favourite theme; most of what they buy comes
from it, the rest from the whole shop by popularity (the planted affinity). Orders are spread over the
last 30 days. Each customer's last order is held out; every earlier order goes through the recorder's
own rules (`estore.domain.recommendations.order_counts`, and the same bounds the store prunes to, in
memory). Then two rankers answer for each customer, both excluding what the customer already bought:

- personal: what `GET /recommendations` ranks (`rules.personal`, then best sellers, then new arrivals);
- popularity: the best sellers of the last 30 days only (the baseline).

Prints hit-rate@10 (a held-out product is in the top 10) and MRR@10 of each, and the ratio; the goal is
a personal hit rate at least twice the baseline's. Customers whose held-out order holds only products
they bought before are skipped (nothing new to find). Nothing here is timed.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from estore.domain import recommendations as rules

THEMES = [
    "star-wars", "city", "technic", "friends", "ninjago", "harry-potter",
    "creator", "architecture", "ideas", "marvel", "duplo", "speed-champions",
    "minecraft", "disney", "jurassic-world", "batman",
]  # fmt: skip
TOP = 10


@dataclass
class Counters:
    """The recorder's items, in memory, bounded exactly as the store bounds them."""

    neighbours: dict[str, dict[str, int]] = field(default_factory=dict)
    tags: dict[str, dict[str, int]] = field(default_factory=dict)
    days: dict[int, dict[str, int]] = field(default_factory=dict)
    bought: dict[str, dict[str, int]] = field(default_factory=dict)
    affinity: dict[str, dict[str, int]] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)

    def record(self, customer: str, day: int, quantities: dict[str, int], tags_of: Mapping[str, list[str]]) -> None:
        counts = rules.order_counts(quantities, tags_of)
        for product, others in counts.neighbours.items():
            row = self.neighbours.setdefault(product, {})
            for other, n in others.items():
                row[other] = row.get(other, 0) + n
            _bound(row, rules.MAX_NEIGHBOURS)
        today = self.days.setdefault(day, {})
        for product, units in counts.units.items():
            today[product] = today.get(product, 0) + units
        for slug, units_by_product in counts.tags.items():
            row = self.tags.setdefault(slug, {})
            for product, units in units_by_product.items():
                row[product] = row.get(product, 0) + units
            _bound(row, rules.MAX_TAG_PRODUCTS)
        history = self.bought.setdefault(customer, {})
        for product in counts.bought:
            history[product] = day
        _bound(history, rules.MAX_BOUGHT)
        self.units[customer] = self.units.get(customer, 0) + counts.total_units
        taste = self.affinity.setdefault(customer, {})
        for slug, units in counts.customer_tags.items():
            taste[slug] = taste.get(slug, 0) + units
        _bound(taste, rules.MAX_TAGS)

    def popularity(self, today: int) -> dict[str, int]:
        recent = [units for day, units in self.days.items() if today - day < rules.BEST_SELLER_DAYS]
        return rules.best_sellers(recent)


def _bound(row: dict[str, int], keep: int) -> None:
    for name in rules.weakest(row, keep):
        del row[name]


def personal(counters: Counters, customer: str, today: int) -> list[str]:
    """What the service's `home` ranks for a customer with purchases (everything on sale here)."""
    bought = counters.bought.get(customer, {})
    affinity = counters.affinity.get(customer, {})
    sources = rules.most_recent(bought, rules.RECENT_PURCHASES)
    tags = rules.top_tags(affinity, rules.TOP_TAGS)
    popularity = counters.popularity(today)
    neighbours = {pid: counters.neighbours.get(pid, {}) for pid in sources}
    tag_sales = {slug: counters.tags.get(slug, {}) for slug in tags}
    ranked = rules.personal(bought, affinity, counters.units.get(customer, 0), neighbours, tag_sales, popularity)
    fill = [pid for pid, _ in rules.popular_then_new(popularity, counters.created) if pid not in bought]
    return list(dict.fromkeys(ranked + fill))[:TOP]


def popular_only(counters: Counters, customer: str, today: int) -> list[str]:
    bought = counters.bought.get(customer, {})
    ranking = rules.popular_then_new(counters.popularity(today), counters.created)
    return [pid for pid, _ in ranking if pid not in bought][:TOP]


@dataclass
class Shop:
    products: list[str]
    tags_of: dict[str, list[str]]
    by_theme: dict[str, list[str]]
    weights: dict[str, float]


def make_shop(rng: random.Random, per_theme: int) -> Shop:
    products, tags_of, by_theme = [], {}, {}
    for theme in THEMES:
        members = [f"{theme}-{n:03d}" for n in range(per_theme)]
        by_theme[theme] = members
        for product in members:
            tags_of[product] = [theme, "lego", *(["gift"] if rng.random() < 0.2 else [])]
        products += members
    order = products[:]
    rng.shuffle(order)
    weights = {product: 1.0 / (rank + 1) ** 0.9 for rank, product in enumerate(order)}  # Zipf popularity
    return Shop(products, tags_of, by_theme, weights)


def histories(
    rng: random.Random, shop: Shop, customers: int, affinity: float
) -> dict[str, list[tuple[int, dict[str, int]]]]:
    """Each customer's orders (day, quantities), oldest first."""
    everything = shop.products
    everyone = [shop.weights[p] for p in everything]
    out: dict[str, list[tuple[int, dict[str, int]]]] = {}
    for n in range(customers):
        theme = rng.choice(THEMES)
        members = shop.by_theme[theme]
        in_theme = [shop.weights[p] ** 0.5 for p in members]  # fans explore their theme more evenly
        days = sorted(rng.sample(range(30), rng.randint(2, 6)))
        orders = []
        for day in days:
            lines: dict[str, int] = {}
            for _ in range(rng.randint(1, 3)):
                pool, weights = (members, in_theme) if rng.random() < affinity else (everything, everyone)
                product = rng.choices(pool, weights)[0]
                lines[product] = lines.get(product, 0) + 1
            orders.append((day, lines))
        out[f"customer-{n:04d}"] = orders
    return out


def evaluate(
    counters: Counters,
    held_out: dict[str, tuple[int, dict[str, int]]],
    ranker: Callable[[Counters, str, int], list[str]],
) -> tuple[float, float, int]:
    hits, reciprocal, judged = 0, 0.0, 0
    for customer, (day, lines) in held_out.items():
        wanted = set(lines) - set(counters.bought.get(customer, {}))
        if not wanted:
            continue
        judged += 1
        shown = ranker(counters, customer, day)
        rank = next((i for i, pid in enumerate(shown, start=1) if pid in wanted), None)
        if rank is not None:
            hits += 1
            reciprocal += 1.0 / rank
    return hits / max(judged, 1), reciprocal / max(judged, 1), judged


def run(customers: int, per_theme: int, affinity: float, seed: int) -> dict[str, tuple[float, float, int]]:
    rng = random.Random(seed)
    shop = make_shop(rng, per_theme)
    counters = Counters(created={pid: index for index, pid in enumerate(shop.products)})
    orders = histories(rng, shop, customers, affinity)
    held_out = {customer: history[-1] for customer, history in orders.items()}
    # Every order but the held-out ones, in the order they happened (by day), through the recorder's rules.
    earlier = sorted((day, customer, lines) for customer, history in orders.items() for day, lines in history[:-1])
    for day, customer, lines in earlier:
        counters.record(customer, day, lines, shop.tags_of)
    rankers = {"personal": personal, "popularity (baseline)": popular_only}
    return {name: evaluate(counters, held_out, ranker) for name, ranker in rankers.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1500)
    parser.add_argument("--per-theme", type=int, default=40)
    parser.add_argument("--affinity", type=float, default=0.8, help="share of a customer's items from their theme")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    products = len(THEMES) * args.per_theme
    print(f"recommendations: {products} products in {len(THEMES)} themes, {args.customers} customers, seed {args.seed}")
    print(f"{'affinity':>8}  {'ranker':<24}{'hit-rate@10':>12}{'MRR@10':>10}{'judged':>8}")
    verdict = ""
    for affinity in sorted({args.affinity, 0.5, 0.7, 0.9}):
        results = run(args.customers, args.per_theme, affinity, args.seed)
        for name, (hit_rate, mrr, judged) in results.items():
            print(f"{affinity:>8.1f}  {name:<24}{hit_rate:>12.3f}{mrr:>10.3f}{judged:>8}")
        (hits, mrr, _), (base_hits, base_mrr, _) = results.values()
        hit_ratio = hits / base_hits if base_hits else float("inf")
        mrr_ratio = mrr / base_mrr if base_mrr else float("inf")
        print(f"{affinity:>8.1f}  personal / baseline: hit-rate x{hit_ratio:.2f}, MRR x{mrr_ratio:.2f}")
        if affinity == args.affinity:
            verdict = "meets" if hit_ratio >= 2 else "MISSES"
            verdict = f"at affinity {affinity}: hit-rate x{hit_ratio:.2f}, {verdict} the x2 goal"
    print(verdict)


if __name__ == "__main__":
    main()
