"""What Estore costs to run on AWS: 1,000 orders, 1 million searches, and a month of idling.

Run: `make cost` (offline). The work each use case does is measured, not guessed: the real handlers run
in-process against moto (the integration tests' harness), and every AWS call they make is metered
(`bench/cost/capacity.py` turns DynamoDB calls into request units by DynamoDB's size rules). What cannot
be measured here is stated as an input, with a range:
- Lambda durations: the local cloud's REPORT lines per function (`bench/cost/durations.json`, median as
  the low end, p90 as the high end; `--durations-from <make dev log>` rewrites it), memory from the template;
- what follows an order asynchronously: each outbox event is one EventBridge event; the stream publisher
  runs once per request that wrote events (one stream batch); every bus rule that matches an event runs
  its function, which is run here on the real event and metered too.
Prices: `bench/cost/prices.py` (us-east-1 list prices, dated, with their pages). The same inputs give the
same numbers: DynamoDB units depend only on the items written and read.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import statistics
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

from bench.cost import prices
from bench.cost.capacity import Meter, Units, metering
from estore_local.emulator.harness import Cloud, User, in_process_cloud, make_seller

DURATIONS = Path(__file__).with_name("durations.json")
DEFAULT_DURATION_MS = (50.0, 150.0)  # a function the local cloud's log did not show: a stated guess
PRODUCTS = 12


@dataclass
class Usage:
    """What some requests used: per function invocations, DynamoDB units, other billable calls."""

    invocations: Counter[str] = field(default_factory=Counter)
    dynamodb: Units = field(default_factory=Units)
    http_requests: int = 0
    sync_executions: int = 0
    events: int = 0

    def add(self, meter: Meter) -> None:
        self.dynamodb.add(meter.dynamodb)
        self.events += meter.events_put

    def scaled(self, factor: float) -> Usage:
        scaled = Usage(
            Counter({k: v * factor for k, v in self.invocations.items()}),  # type: ignore[misc]
            Units(int(self.dynamodb.calls * factor), self.dynamodb.wru * factor, self.dynamodb.rru * factor),
            int(self.http_requests * factor),
            int(self.sync_executions * factor),
            int(self.events * factor),
        )
        return scaled


class Recorder:
    """Runs requests through the harness and records what each one used, async consequences included."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.current: Usage | None = None
        self.answers: list[Any] = []
        original_enter = cloud.enter

        def counting_enter(function_id: str) -> Any:
            if self.current is not None:
                self.current.invocations[function_id] += 1
            return original_enter(function_id)

        cloud.enter = counting_enter  # type: ignore[method-assign]

    def measure(self, meter: Meter, requests: list[Callable[[], Any]]) -> Usage:
        usage = Usage()
        self.current = usage
        meter.take()
        self.answers = []
        outbox: list[dict[str, Any]] = []
        for request in requests:
            before = len(meter.outbox)
            answer = request()
            assert answer.status < 300, (answer.status, answer.body)
            self.answers.append(answer)
            usage.http_requests += 1
            written = meter.outbox[before:]
            if written:
                usage.invocations["StreamPublisherFunction"] += 1  # one stream batch per request
            outbox += written
        taken = meter.take()
        usage.add(taken)
        usage.sync_executions += taken.sync_executions
        for name in taken.lambda_invokes:  # the workflow's Lambda tasks, invoked by Step Functions
            usage.invocations[self.cloud.stack.function_id_for(name) or name] += 1
        usage.events += len(outbox)  # the publisher's PutEvents, one event per outbox item
        bus_name = self.cloud.stack.ref("EventBus")
        self.cloud.put_events([outbox_entry(item, bus_name) for item in outbox])
        usage.add(meter.take())
        self.current = None
        return usage


def outbox_entry(item: dict[str, Any], bus_name: str) -> dict[str, Any]:
    """The PutEvents entry the publisher puts for one outbox item (a low-level DynamoDB item)."""
    from estore.services.publisher import _plain, bus_entry

    return bus_entry(_plain({k: TypeDeserializer().deserialize(v) for k, v in item.items()}), bus_name)


def durations() -> dict[str, tuple[float, float]]:
    if not DURATIONS.exists():
        return {}
    raw = json.loads(DURATIONS.read_text())
    return {name: (float(v["median"]), float(v["p90"])) for name, v in raw["functions"].items()}


def durations_from_log(log: Path) -> None:
    """Median and p90 of each function's REPORT durations in a local-cloud log (warm invocations only)."""
    seen: dict[str, list[float]] = {}
    current: dict[str, str] = {}
    start = re.compile(r"^\[(\w+)\] START RequestId: (\S+)")
    report = re.compile(r"^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms(.*)$")
    for line in log.read_text(errors="replace").splitlines():
        if m := start.match(line):
            current[m.group(2)] = m.group(1)
        elif (m := report.match(line)) and "Init Duration" not in m.group(3) and m.group(1) in current:
            seen.setdefault(current.pop(m.group(1)), []).append(float(m.group(2)))
    functions = {
        name: {"median": round(statistics.median(v), 1), "p90": round(sorted(v)[int(0.9 * (len(v) - 1))], 1)}
        for name, v in sorted(seen.items())
        if len(v) >= 3
    }
    DURATIONS.write_text(json.dumps({"source": f"REPORT lines of {log.name}", "functions": functions}, indent=2) + "\n")
    print(f"wrote {DURATIONS} from {sum(len(v) for v in seen.values())} REPORT lines")


@dataclass
class Bill:
    lines: dict[str, tuple[float, float]] = field(default_factory=dict)

    def add(self, name: str, low: float, high: float | None = None) -> None:
        old_low, old_high = self.lines.get(name, (0.0, 0.0))
        self.lines[name] = (old_low + low, old_high + (low if high is None else high))

    @property
    def total(self) -> tuple[float, float]:
        return sum(v[0] for v in self.lines.values()), sum(v[1] for v in self.lines.values())


def bill(usage: Usage, cloud: Cloud) -> Bill:
    functions = cloud.template.functions()
    known = durations()
    result = Bill()
    for function_id, count in usage.invocations.items():
        memory_gb = functions[function_id].memory / 1024
        low_ms, high_ms = known.get(function_id, DEFAULT_DURATION_MS)
        result.add("Lambda requests", count * prices.LAMBDA_PER_REQUEST)
        result.add(
            "Lambda GB-seconds (arm64)",
            count * memory_gb * low_ms / 1000 * prices.LAMBDA_PER_GB_SECOND_ARM,
            count * memory_gb * high_ms / 1000 * prices.LAMBDA_PER_GB_SECOND_ARM,
        )
    result.add("API Gateway (HTTP API)", usage.http_requests * prices.HTTP_API_PER_REQUEST)
    result.add("DynamoDB writes (on-demand)", usage.dynamodb.wru * prices.DYNAMODB_PER_WRU)
    result.add("DynamoDB reads (on-demand)", usage.dynamodb.rru * prices.DYNAMODB_PER_RRU)
    # Express: a request each, and at least 64 MB for the execution's length (the Lambda tasks' durations)
    result.add(
        "Step Functions Express",
        usage.sync_executions * (prices.SFN_EXPRESS_PER_REQUEST + 0.0625 * 0.1 * prices.SFN_EXPRESS_PER_GB_SECOND),
        usage.sync_executions * (prices.SFN_EXPRESS_PER_REQUEST + 0.0625 * 0.5 * prices.SFN_EXPRESS_PER_GB_SECOND),
    )
    result.add("EventBridge events", usage.events * prices.EVENTBRIDGE_PER_EVENT)
    return result


def idle_month(cloud: Cloud, storage_gb: float) -> Bill:
    alarms = len(cloud.template.of_type("AWS::CloudWatch::Alarm"))
    dashboards = len(cloud.template.of_type("AWS::CloudWatch::Dashboard"))
    secrets = len(cloud.template.of_type("AWS::SecretsManager::Secret"))
    result = Bill()
    result.add(f"CloudWatch alarms ({alarms})", alarms * prices.CLOUDWATCH_ALARM_MONTH)
    result.add(f"CloudWatch dashboards ({dashboards})", dashboards * prices.CLOUDWATCH_DASHBOARD_MONTH)
    result.add(f"Secrets Manager ({secrets})", secrets * prices.SECRET_MONTH)
    result.add(
        f"DynamoDB storage + PITR ({storage_gb} GB)",
        storage_gb * (prices.DYNAMODB_STORAGE_GB_MONTH + prices.DYNAMODB_PITR_GB_MONTH),
    )
    return result


def containers_month(tasks: int = 2, vcpu: float = 0.5, memory_gb: float = 1.0) -> Bill:
    result = Bill()
    hours = prices.HOURS_PER_MONTH
    result.add(
        f"Fargate arm64, {tasks} tasks x {vcpu} vCPU / {memory_gb} GB, always on",
        tasks * hours * (vcpu * prices.FARGATE_ARM_VCPU_HOUR + memory_gb * prices.FARGATE_ARM_GB_HOUR),
    )
    result.add("Application Load Balancer (1 LCU average)", hours * (prices.ALB_HOUR + prices.ALB_LCU_HOUR))
    return result


def show(title: str, result: Bill) -> None:
    print(f"\n{title}")
    for name, (low, high) in result.lines.items():
        span = f"${low:,.4f}" if abs(high - low) < 1e-9 else f"${low:,.4f} - ${high:,.4f}"
        print(f"  {name:<52} {span:>24}")
    low, high = result.total
    span = f"${low:,.4f}" if abs(high - low) < 1e-9 else f"${low:,.4f} - ${high:,.4f}"
    print(f"  {'total':<52} {span:>24}")


def describe(name: str, usage: Usage, per: int) -> None:
    calls = ", ".join(f"{fn.removesuffix('Function')} x{n / per:g}" for fn, n in sorted(usage.invocations.items()))
    print(
        f"  {name}: per unit {usage.dynamodb.wru / per:g} WRU, {usage.dynamodb.rru / per:g} RRU,"
        f" {usage.dynamodb.calls / per:g} DynamoDB calls, {usage.events / per:g} events; invocations: {calls}"
    )


def run() -> None:
    # The functions' own log lines would bury the report: keep them, print the report after.
    logs = io.StringIO()
    with contextlib.redirect_stdout(logs):
        report = measure_and_report()
    print(report)


def measure_and_report() -> str:
    out = io.StringIO()
    with in_process_cloud() as cloud, metering() as meter:
        recorder = Recorder(cloud)
        seller = make_seller(cloud, "Cost Bricks")
        listings: list[Callable[[], Any]] = []
        for n in range(PRODUCTS):
            body = {
                "title": f"LEGO Star Wars Set {n}",
                "description": "A set with minifigures and a display stand.",
                "brand": "LEGO",
                "category": "toys",
                "tags": ["lego", "star wars"],
                "offer": {"price": {"amount": 2999 + n, "currency": "USD"}, "stock": 1000},
            }
            listings.append(lambda body=body: cloud.call("POST", "/products", user=seller, json_body=body))
        listed = recorder.measure(meter, listings)  # its events index the catalog, as on AWS
        offers = [answer.body["bestOffer"]["id"] for answer in recorder.answers]
        buyer: User = cloud.confirm_sign_up(f"cost-{uuid.uuid4().hex[:6]}@example.com")
        deposit = {"amount": {"amount": 1_000_000, "currency": "USD"}}
        funded = cloud.call(
            "POST", "/wallet/deposits", user=buyer, json_body=deposit, headers={"idempotency-key": str(uuid.uuid4())}
        )
        assert funded.status == 201, funded.body

        orders = 5
        order_requests: list[Callable[[], Any]] = []
        for n in range(orders):
            for offer in offers[2 * n : 2 * n + 2]:
                line = {"offerId": offer, "quantity": 1}
                order_requests.append(lambda line=line: cloud.call("POST", "/cart/items", user=buyer, json_body=line))
            order_requests.append(lambda: cloud.call("GET", "/cart", user=buyer))
            key = {"idempotency-key": str(uuid.uuid4())}
            order_requests.append(
                lambda key=key: cloud.call("POST", "/checkout", user=buyer, json_body={}, headers=key)
            )
        ordered = recorder.measure(meter, order_requests)

        queries = ["lego star wars", "Legors", "set 12", "starwars set", "lego"]
        searches = 25
        chosen = [queries[n % len(queries)] for n in range(searches)]
        search_requests: list[Callable[[], Any]] = [
            lambda q=q: cloud.call("GET", "/search", query={"q": q}) for q in chosen
        ]
        searched = recorder.measure(meter, search_requests)

        with contextlib.redirect_stdout(out):
            print(f"Estore cost model - prices as of {prices.AS_OF}")
            print(f"Lambda durations: {DURATIONS.name} (median..p90 of the local cloud's REPORT lines)")
            print("Measured per unit (real handlers in-process, metered by DynamoDB's size rules):")
            describe("order (2 add-to-cart, view cart, checkout, and what its events run)", ordered, orders)
            describe(f"search ({PRODUCTS} products in the catalog)", searched, searches)
            describe("product listed (CreateProduct workflow, 2 tags, indexed)", listed, PRODUCTS)
            show("1,000 orders", bill(ordered.scaled(1000 / orders), cloud))
            show("1,000,000 searches", bill(searched.scaled(1_000_000 / searches), cloud))
            show("1,000 products listed", bill(listed.scaled(1000 / PRODUCTS), cloud))
            show("Idle, per month (nothing called)", idle_month(cloud, storage_gb=1.0))
            show("The always-on container alternative, per month (compute only, same table)", containers_month())
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durations-from", type=Path, help="a local-cloud log to read REPORT lines from")
    args = parser.parse_args()
    if args.durations_from:
        durations_from_log(args.durations_from)
        return
    run()


if __name__ == "__main__":
    main()
