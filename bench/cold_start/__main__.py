"""Cold start: init plus the first invocation of each function, in fresh interpreters, against two baselines.

Run: `make bench` (or `python -m bench.cold_start --runs 7`, `--only checkout,search` for a few functions).

Each run is a new Python process with the function's own environment from template.yaml and only its code
directory and the layer on sys.path, as in Lambda. It times the init phase (imports and module-level
setup) plus the first invocation with the function's sample event from `events/`, whose AWS calls go to a
moto server on loopback (provisioned from the template; nothing leaves the machine and nothing hangs).
One untimed pass over every sample event, sign-up first, primes the table so that the timed runs find
the user, seller and products the events name; the last column shows each function's answers.

Two baselines run in the same session: the floor (the Powertools HTTP API hello world that also creates
a DynamoDB client and answers one request) and the same hello world on FastAPI + Mangum. Runs are
interleaved: every function run sits between baseline runs (floor, f1, fastapi, f2, floor, f3, ...) in an
order shuffled each round, so load from other processes on a shared machine hits all of them alike. The
table shows the median and the interquartile range (p25-p75) of each, and each median's ratio to the two
baselines' medians. Goals: at most 1.25x the floor and 0.7x FastAPI + Mangum. The `cpu` columns give each
run's own CPU time (user + system of the fresh interpreter) and its ratios: on a machine shared with other
work, wall time also counts the waits for a core, CPU time does not.

Tracing: the template turns on Lambda's active tracing, which the function does not see; the bench runs
the functions as deployed by default (DetailedTracing=false). `--detailed-tracing` measures them with the
X-Ray SDK loaded (the setting on) against the same baselines.

Bytecode: the bench compiles the layer and the functions first, as pip did for the venv's packages, so
every subject is timed with its bytecode at hand (see docs/performance.md for what Lambda gets). It also
writes the layer's botocore data cache (`estore.botodata`), as the layer's Makefile does for `sam build`.

It also prints each layer's unzipped size, built by the layer's own Makefile as `sam build` runs it (arm64
wheels, Estore's code, bytecode; cached in .bench-cache; offline, sam build's last output or this venv's
install, and the line says which), and each function's package size. Goal: EstoreLayer at most 30 MB.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from bench.cold_start.sizes import ESTORE_LAYER, TRACING_LAYER, function_package_bytes, layer_size
from estore import botodata
from estore_local.emulator.cloud import AwsCloud
from estore_local.emulator.intrinsics import REGION
from estore_local.emulator.provision import provision
from estore_local.emulator.runner import Runner
from estore_local.emulator.template import ROOT, load_template

HERE = Path(__file__).parent
LAYER = ROOT / "layers" / "estore"
EVENTS = ROOT / "events"
FLOOR_GOAL = 1.25
FASTAPI_GOAL = 0.7

# Runs in the fresh interpreter: init (import of the handler's module) and the first invocation, timed
# together; the function's answer (status code, or the error type) comes back to show which path ran.
PROBE = """
import importlib, json, os, sys, time
start = time.perf_counter()
module = importlib.import_module("app")
handler = getattr(module, sys.argv[1])
ready = time.perf_counter()

class Context:
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "bench")
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:" + function_name
    aws_request_id = "bench-request"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "bench"
    identity = None
    client_context = None
    def get_remaining_time_in_millis(self):
        return 10000

with open(sys.argv[2]) as source:
    event = json.load(source)
try:
    answer = handler(event, Context())
    outcome = str(answer.get("statusCode", "ok")) if isinstance(answer, dict) else "ok"
except Exception as error:
    outcome = type(error).__name__
done = time.perf_counter()
print(json.dumps({"init": ready - start, "total": done - start, "outcome": outcome}))
"""


@dataclass
class Subject:
    """Something to cold-start: a function of the template or a baseline."""

    name: str
    code_dir: Path
    handler: str
    event: Path
    env: dict[str, str]
    totals: list[float] = field(default_factory=list)
    inits: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    outcomes: set[str] = field(default_factory=set)

    def run(self) -> None:
        environment = {
            **os.environ,
            **self.env,
            "PYTHONPATH": f"{self.code_dir}{os.pathsep}{LAYER}",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [sys.executable, "-c", PROBE, self.handler, str(self.event)],
            env=environment,
            cwd=self.code_dir,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if out.returncode != 0:
            raise SystemExit(f"{self.name}: the cold start failed\n{out.stderr}")
        sample = json.loads(out.stdout.strip().splitlines()[-1])
        self.totals.append(sample["total"])
        self.inits.append(sample["init"])
        # The interpreter's own CPU time (user + system, startup included): what the run cost, whatever
        # share of a core a loaded machine gave it; the AWS calls' server side (moto, here) is not in it.
        self.cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        self.outcomes.add(sample["outcome"])

    @property
    def median(self) -> float:
        return statistics.median(self.totals)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    def quartiles(self) -> tuple[float, float]:
        if len(self.totals) < 2:
            return self.totals[0], self.totals[0]
        q1, _, q3 = statistics.quantiles(self.totals, n=4, method="inclusive")
        return q1, q3


def aws_environment(url: str) -> dict[str, str]:
    """What every run gets: the local moto server as the only AWS endpoint, fixed fake credentials."""
    return {
        "AWS_ENDPOINT_URL": url,
        "AWS_DISABLE_HOST_PREFIX_INJECTION": "true",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_SESSION_TOKEN": "bench",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "POWERTOOLS_METRICS_NAMESPACE": "Bench",
    }


def subjects(cloud: AwsCloud, only: set[str], detailed_tracing: bool) -> tuple[Subject, Subject, list[Subject]]:
    stack = cloud.stack
    assert stack is not None
    common = aws_environment(cloud.url)
    hello = HERE / "baselines" / "hello.json"
    baseline_env = {**common, "POWERTOOLS_SERVICE_NAME": "bench", "AWS_LAMBDA_FUNCTION_NAME": "bench"}
    floor = Subject("(floor) powertools+boto3", HERE / "baselines" / "floor", "lambda_handler", hello, baseline_env)
    fastapi = Subject(
        "(baseline) fastapi+mangum", HERE / "baselines" / "fastapi_hello", "lambda_handler", hello, baseline_env
    )
    functions = []
    for function_id, spec in sorted(stack.template.functions().items()):
        name = spec.code_uri.name
        if only and name not in only and function_id not in only:
            continue
        module_name, attribute = spec.handler.rsplit(".", 1)
        assert module_name == "app", f"{function_id}: the bench expects app.<handler>"
        event = EVENTS / f"{name}.json"
        if not event.exists():
            raise SystemExit(f"{function_id}: no sample event {event.relative_to(ROOT)}")
        env = {
            **common,
            **stack.environment_for(function_id),
            "AWS_LAMBDA_FUNCTION_NAME": stack.function_name(function_id),
            # Lambda's active tracing is outside the process; the setting decides whether the SDK loads.
            "DETAILED_TRACING": "true" if detailed_tracing else "false",
            # With the SDK loaded there is no X-Ray daemon here to send to: Powertools' own switch keeps it
            # from trying (it still imports and patches).
            "POWERTOOLS_TRACE_DISABLED": "false" if detailed_tracing else "true",
            "AWS_XRAY_CONTEXT_MISSING": "IGNORE_ERROR",
        }
        functions.append(Subject(name, spec.code_uri, attribute, event, env))
    return floor, fastapi, functions


def start_quietly(cloud: AwsCloud) -> None:
    """The local cloud without its stream pollers and S3 notifications: a function's first invocation may
    call other functions synchronously (the CreateProduct workflow), but nothing runs in the background
    while the next subject is timed."""
    cloud.server.start()
    session = boto3.Session(aws_access_key_id="bench", aws_secret_access_key="bench", region_name=REGION)  # noqa: S106
    cloud.stack = provision(cloud.template, session=session, endpoint_url=cloud.url)
    cloud.runner = Runner(cloud.stack, cloud.url)
    cloud.local_aws.runner = cloud.runner


# Run first when priming, so the sample events that need a user and a seller find them.
PRIMING_FIRST = ("post_confirmation", "create_seller")


def prime(functions: list[Subject]) -> None:
    """One untimed run of every sample event, sign-up first: the timed runs then find the data the sample
    events name (the seller, the products), whatever order they come in, and the OS's file cache is warm."""
    order = sorted(functions, key=lambda function: (function.name not in PRIMING_FIRST, function.name))
    for function in order:
        function.run()
        function.totals.clear()
        function.inits.clear()
        function.cpus.clear()
        function.outcomes.clear()


def interleave(floor: Subject, fastapi: Subject, functions: list[Subject], rounds: int, seed: int) -> None:
    shuffle = random.Random(seed)
    for round_number in range(rounds):
        order = functions[:]
        shuffle.shuffle(order)
        baselines = [floor, fastapi] if round_number % 2 == 0 else [fastapi, floor]
        # Every function run sits between two baseline runs: floor, f1, fastapi, f2, floor, ..., baseline.
        sequence: list[Subject] = []
        for index, function in enumerate(order):
            sequence += [baselines[index % 2], function]
        sequence.append(baselines[len(order) % 2])
        for subject in sequence:
            subject.run()
        print(f"  round {round_number + 1}/{rounds} done", file=sys.stderr, flush=True)


def row(subject: Subject, floor: Subject, fastapi: Subject, package: str) -> str:
    q1, q3 = subject.quartiles()
    to_floor, to_fastapi = subject.median / floor.median, subject.median / fastapi.median
    meets = to_floor <= FLOOR_GOAL and to_fastapi <= FASTAPI_GOAL
    goal = "" if subject in (floor, fastapi) else ("ok" if meets else "OVER")
    return (
        f"{subject.name:<28}{subject.median * 1000:>8.0f}{q1 * 1000:>7.0f}-{q3 * 1000:<6.0f}"
        f"{statistics.median(subject.inits) * 1000:>8.0f}{to_floor:>9.2f}{to_fastapi:>10.2f}"
        f"{subject.cpu * 1000:>8.0f}{subject.cpu / floor.cpu:>7.2f}{subject.cpu / fastapi.cpu:>7.2f}{package:>9}"
        f"  {goal:<5}{','.join(sorted(subject.outcomes))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per function (rounds)")
    parser.add_argument("--only", default="", help="comma-separated function names (directory or logical id)")
    parser.add_argument("--detailed-tracing", action="store_true", help="run the functions with the X-Ray SDK on")
    parser.add_argument("--seed", type=int, default=11, help="seed of the shuffled order")
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    # Bytecode for the layer and the functions, as the venv's packages have theirs: otherwise a run would time
    # compiling estore from source or not, depending on whether the tests ran since the last edit.
    for tree in (LAYER / "estore", ROOT / "functions", HERE / "baselines"):
        compileall.compile_dir(tree, quiet=1)
    # And the layer's botocore data cache, which its Makefile writes for `sam build` (estore.botodata; the
    # baselines make their clients with boto3's own loader, as the floor's fixed code does).
    botodata.build(botodata.DEFAULT_DIR)
    cloud = AwsCloud(load_template(), port=0)
    start_quietly(cloud)
    try:
        floor, fastapi, functions = subjects(cloud, only, args.detailed_tracing)
        prime([floor, fastapi, *functions])
        interleave(floor, fastapi, functions, args.runs, args.seed)
    finally:
        cloud.stop()

    tracing = "on (X-Ray SDK loaded)" if args.detailed_tracing else "off (Lambda active tracing only)"
    print(
        f"cold start: init + first invocation in a fresh interpreter, {args.runs} interleaved rounds, "
        f"detailed tracing {tracing}"
    )
    print(
        f"{'function':<28}{'median':>8}{'p25-p75 ms':>14}{'init':>8}{'x floor':>9}{'x fastapi':>10}"
        f"{'cpu ms':>8}{'cpu/fl':>7}{'cpu/fa':>7}{'package':>9}"
        f"  goal  first answer"
    )
    print(row(floor, floor, fastapi, ""))
    print(row(fastapi, floor, fastapi, ""))
    over = 0
    for function in functions:
        print(row(function, floor, fastapi, f"{function_package_bytes(function.code_dir) / 1024:.1f}K"))
        over += function.median / floor.median > FLOOR_GOAL or function.median / fastapi.median > FASTAPI_GOAL
    worst = max(functions, key=lambda function: function.median)
    print(
        f"goals: <= {FLOOR_GOAL}x floor and <= {FASTAPI_GOAL}x fastapi+mangum; {len(functions) - over} of "
        f"{len(functions)} functions meet both; slowest {worst.name} "
        f"{worst.median / floor.median:.2f}x floor, {worst.median / fastapi.median:.2f}x fastapi"
    )
    cpu_over = sum(
        function.cpu / floor.cpu > FLOOR_GOAL or function.cpu / fastapi.cpu > FASTAPI_GOAL for function in functions
    )
    print(
        f"by CPU time (the noise-robust view on a shared machine): {len(functions) - cpu_over} of {len(functions)} "
        f"functions meet both; median function {statistics.median(f.cpu / floor.cpu for f in functions):.2f}x floor, "
        f"{statistics.median(f.cpu / fastapi.cpu for f in functions):.2f}x fastapi"
    )
    size, source = layer_size(ESTORE_LAYER)
    print(f"EstoreLayer unzipped: {size / 1e6:.1f} MB ({source}); goal <= 30 MB")
    size, source = layer_size(TRACING_LAYER)
    print(f"TracingLayer unzipped: {size / 1e6:.1f} MB ({source}); attached only with DetailedTracing=true")


if __name__ == "__main__":
    main()
