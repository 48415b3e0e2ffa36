"""A bounded load run: a mixed shopper workload against the local cloud, 0 5xx and memory flat.

Run: `python -m bench.load [--seconds 60] [--clients 10]` starts a local cloud of its own (as the e2e
tests do); `--state-dir .local` runs against the `make dev` already running (outputs.json in that
directory, the API on $PORT, default 3000). Setup: one seller lists PRODUCTS products; each client is a
customer with money in the wallet. Then every client, for the given seconds, does what a shopper does:
search, open a product page, add to the cart, check out, look at (or top up) the wallet (after 30 s of
the same from 4 clients, untimed, so that every function's environments are up). It prints the
requests made, the 5xx count (goal 0: the run exits 1 on any), p50/p99 per kind of request, and the
local cloud process's RSS at the start and the end of the run (goal: flat).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.localrun import Timings, local_cloud, rss_mb, timed
from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import User, customer, new_product, seller

PRODUCTS = 20
WARM_CLIENTS, WARM_S = 4, 30
WORDS = ("lego", "falcon", "castle", "train", "starship", "bricks", "wing", "tower", "legoo", "castel")
# (kind, weight): most of a shopper's requests are reads.
MIX = (("search", 30), ("product", 30), ("add", 15), ("checkout", 8), ("wallet", 12), ("deposit", 5))


def money(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "USD"}


def setup(cloud: LocalCloud, clients: int) -> tuple[list[dict[str, Any]], list[User]]:
    shop = seller(cloud)
    products = []
    for number in range(PRODUCTS):
        word = WORDS[number % 8]
        body = new_product(f"LEGO {word.title()} {number}", offer={**new_product()["offer"], "stock": 100_000})
        answer = shop.call("POST", "/products", json=body)
        if answer.status_code != 201:
            raise RuntimeError(f"product: {answer.status_code} {answer.text}")
        products.append(answer.json())
    with ThreadPoolExecutor(max_workers=2) as pool:  # sign-ups, not measured (Cognito gives a trigger 5 s)
        buyers = list(pool.map(lambda _: customer(cloud), range(clients)))
    for buyer in buyers:
        key = {"idempotency-key": str(uuid.uuid4())}
        answer = buyer.call("POST", "/wallet/deposits", json={"amount": money(1_000_000)}, headers=key)
        if answer.status_code != 201:
            raise RuntimeError(f"deposit: {answer.status_code} {answer.text}")
    return products, buyers


def shopper(buyer: User, products: list[dict[str, Any]], ends: float, timings: dict[str, Timings], seed: int) -> None:
    rng = random.Random(seed)  # jitter in what a shopper does, not security
    kinds, weights = zip(*MIX, strict=True)
    cart = 0
    while time.monotonic() < ends:
        kind = rng.choices(kinds, weights)[0]
        product = rng.choice(products)
        if kind == "search":
            timed(timings[kind], buyer, "GET", "/search", params={"q": rng.choice(WORDS)})
        elif kind == "product":
            timed(timings[kind], buyer, "GET", f"/products/{product['id']}")
        elif kind == "add":
            body = {"offerId": product["bestOffer"]["id"], "quantity": rng.randint(1, 2)}
            added = timed(timings[kind], buyer, "POST", "/cart/items", json=body)
            cart += added is not None and added.status_code == 200
        elif kind == "checkout" and cart:
            headers = {"idempotency-key": str(uuid.uuid4())}
            placed = timed(timings[kind], buyer, "POST", "/checkout", json={}, headers=headers)
            cart = 0 if placed is not None and placed.status_code == 201 else cart
        elif kind == "wallet":
            timed(timings[kind], buyer, "GET", "/wallet")
        elif kind == "deposit":
            headers = {"idempotency-key": str(uuid.uuid4())}
            timed(timings[kind], buyer, "POST", "/wallet/deposits", json={"amount": money(500)}, headers=headers)


def run(cloud: LocalCloud, pid: int, seconds: float, clients: int) -> int:
    print(f"bench/load: setting up {PRODUCTS} products and {clients} funded customers", flush=True)
    products, buyers = setup(cloud, clients)
    # Untimed: a few rounds of every kind of request at once start the functions' environments (up to
    # 4 each locally), so that the run measures a shop that is up, not its cold starts.
    warm = {kind: Timings() for kind, _ in MIX}
    with ThreadPoolExecutor(max_workers=WARM_CLIENTS) as pool:
        list(
            pool.map(
                lambda n: shopper(buyers[n], products, time.monotonic() + WARM_S, warm, -1 - n), range(WARM_CLIENTS)
            )
        )
    timings = {kind: Timings() for kind, _ in MIX}
    started_rss = rss_mb(pid)
    began = time.monotonic()
    ends = began + seconds
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(lambda pair: shopper(pair[1], products, ends, timings, pair[0]), enumerate(buyers)))
    elapsed = time.monotonic() - began
    ended_rss = rss_mb(pid)
    total = sum(len(t.ms) for t in timings.values())
    server_errors = sum(t.server_errors for t in timings.values())
    every = Timings(ms=[ms for t in timings.values() for ms in t.ms])
    print(
        f"bench/load: {clients} clients for {elapsed:.0f} s: {total} requests ({total / elapsed:.1f}/s), "
        f"5xx: {server_errors}"
    )
    print("     kind | requests | p50 ms | p99 ms | answers")
    for kind, kind_timings in timings.items():
        answers = ", ".join(f"{status or 'none'}x{count}" for status, count in sorted(kind_timings.statuses.items()))
        print(
            f"{kind:>9} | {len(kind_timings.ms):>8} | {kind_timings.percentile(50):>6.0f} | "
            f"{kind_timings.percentile(99):>6.0f} | {answers}"
        )
    print(f"      all | {total:>8} | {every.percentile(50):>6.0f} | {every.percentile(99):>6.0f} |")
    print(f"local cloud RSS: {started_rss:.0f} MB at the start, {ended_rss:.0f} MB at the end")
    return 1 if server_errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--state-dir", type=Path, help="use the running `make dev` whose outputs.json is here")
    args = parser.parse_args()
    with local_cloud(args.state_dir) as (cloud, pid):
        return run(cloud, pid, args.seconds, args.clients)


if __name__ == "__main__":
    sys.exit(main())
