"""Hot wallets over HTTP: checkout and withdrawal latency under 1, 10 and 50 concurrent clients.

Run: `python -m bench.contention [--items 10000] [--levels 1,10,50]` (part of `make bench`). It starts a
local cloud as the e2e tests do, fills its table to `--items` with inert items (batch writes), then:
- withdrawal: every client is a session of ONE customer, withdrawing 1 at a time from one wallet (the
  hottest wallet there is: each withdrawal races every other one);
- checkout: every client is a different customer buying 1 unit of ONE seller's offer (their orders all
  credit that seller's wallet and take from one stock item).
It prints p50/p99/max latency, the slowdown of p50 against the single client of the same run, and what
came back (201, 402, 409 BUSY...; "none": no answer in 120 s; a failed add-to-cart counts as that
purchase's answer). A 5xx is a bug: the run exits 1 on one.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.localrun import Timings, call, local_cloud, rss_mb, timed
from estore_local.devtools.filler import fill
from tests.e2e.localcloud import LocalCloud
from tests.e2e.support import User, customer, new_product, seller

SAMPLES_PER_LEVEL = 20  # at least this many requests per level; each client makes at least two
MAX_MOVEMENT = 1_000_000  # the store's max_transaction_amount
WARM_CLIENTS = 4  # the local cloud runs up to 4 environments per function
SETUP_CLIENTS = 2  # sign-ups in parallel while setting up (not measured; Cognito gives a trigger 5 s)


def deposit(user: User, amount: int) -> None:
    while amount > 0:
        step = min(amount, MAX_MOVEMENT)
        key = {"idempotency-key": str(uuid.uuid4())}
        answer = user.call(
            "POST", "/wallet/deposits", json={"amount": {"amount": step, "currency": "USD"}}, headers=key
        )
        if answer.status_code != 201:
            raise RuntimeError(f"deposit: {answer.status_code} {answer.text}")
        amount -= step


def per_client(clients: int) -> int:
    return max(2, math.ceil(SAMPLES_PER_LEVEL / clients))


def withdrawals(holder: User, clients: int) -> Timings:
    timings, rounds = Timings(), per_client(clients)

    def client(_: int) -> None:
        for _round in range(rounds):
            headers = {"idempotency-key": str(uuid.uuid4())}
            body = {"amount": {"amount": 1, "currency": "USD"}}
            timed(timings, holder, "POST", "/wallet/withdrawals", json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    return timings


def checkouts(buyers: list[User], offer_id: str) -> Timings:
    timings, rounds = Timings(), per_client(len(buyers))

    def client(buyer: User) -> None:
        for _round in range(rounds):
            started = time.perf_counter()
            try:
                added = call(buyer, "POST", "/cart/items", json={"offerId": offer_id, "quantity": 1})
            except httpx.TransportError:
                timings.no_answer(started)
                continue
            if added.status_code != 200:
                # This purchase failed before its checkout: counted (a 5xx here fails the run), not a crash.
                timings.record(started, added)
                continue
            timed(timings, buyer, "POST", "/checkout", json={}, headers={"idempotency-key": str(uuid.uuid4())})

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        list(pool.map(client, buyers))
    return timings


def row(operation: str, clients: int, timings: Timings, single_p50: float) -> str:
    answers = ", ".join(f"{status or 'none'}x{count}" for status, count in sorted(timings.statuses.items()))
    codes = ", ".join(f"{code}x{count}" for code, count in sorted(timings.codes.items()))
    p50 = timings.percentile(50)
    return (
        f"{operation:>10} | {clients:>7} | {len(timings.ms):>8} | {p50:>7.0f} | {timings.percentile(99):>7.0f} | "
        f"{max(timings.ms):>7.0f} | {p50 / single_p50:>6.1f}x | {timings.server_errors:>3} | {answers}"
        + (f" ({codes})" if codes else "")
    )


def run(cloud: LocalCloud, pid: int, items: int, levels: list[int]) -> int:
    started_rss = rss_mb(pid)
    count = fill(cloud.client("dynamodb"), cloud.outputs["TableName"], items)
    print(f"bench/contention: {count:,} items in the table; local cloud RSS {started_rss:.0f} MB")
    holder = customer(cloud)
    deposit(holder, sum(per_client(n) * n for n in [*levels, WARM_CLIENTS]) + 100)
    shop = seller(cloud)
    stock = sum(per_client(n) * n for n in [*levels, WARM_CLIENTS]) + 10
    offer = {**new_product()["offer"], "stock": stock}
    listed = shop.call("POST", "/products", json=new_product("LEGO Hot Item", offer=offer))
    if listed.status_code != 201:
        raise RuntimeError(f"product: {listed.status_code} {listed.text}")
    offer_id = listed.json()["bestOffer"]["id"]
    with ThreadPoolExecutor(max_workers=SETUP_CLIENTS) as pool:
        buyers = list(pool.map(lambda _: customer(cloud), range(max(levels))))
        list(pool.map(lambda buyer: deposit(buyer, 6_000 * per_client(1) * 2), buyers))

    # Untimed: every function's environments (up to 4 each locally) start before anything is measured.
    withdrawals(holder, WARM_CLIENTS)
    checkouts(buyers[:WARM_CLIENTS], offer_id)
    print(" operation | clients | requests | p50 ms  | p99 ms  | max ms  | vs 1   | 5xx | answers")
    server_errors, single = 0, dict[str, float]()
    for clients in levels:
        for operation, measure in (
            ("withdrawal", lambda n=clients: withdrawals(holder, n)),
            ("checkout", lambda n=clients: checkouts(buyers[:n], offer_id)),
        ):
            timings = measure()
            single.setdefault(operation, timings.percentile(50))
            server_errors += timings.server_errors
            print(row(operation, clients, timings, single[operation]), flush=True)
    print(f"local cloud RSS {started_rss:.0f} MB at start, {rss_mb(pid):.0f} MB at the end; 5xx: {server_errors}")
    return 1 if server_errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the table before measuring")
    parser.add_argument("--levels", default="1,10,50", help="concurrent clients, comma-separated")
    parser.add_argument("--state-dir", type=Path, help="use the running `make dev` whose outputs.json is here")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    began = time.monotonic()
    with local_cloud(args.state_dir) as (cloud, pid):
        status = run(cloud, pid, args.items, levels)
    print(f"bench/contention: {time.monotonic() - began:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
