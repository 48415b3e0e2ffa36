"""Cold start: import + init time of each function in a fresh interpreter, as a ratio to two baselines.

Run: `make bench` (or `python -m bench.cold_start --runs 7`). Each function's module is imported in a new
Python process with the function's own environment from template.yaml and the layer on sys.path, the
way Lambda's init phase does; the two hello-world baselines are measured the same way in the same run,
so the ratios hold on any machine, however noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from moto import mock_aws

from estore_local.provision import provision
from estore_local.template import ROOT, load_template

HERE = Path(__file__).parent
LAYER = ROOT / "layers" / "estore"

# Runs in the fresh interpreter: time from before the import to a handler ready to be called.
PROBE = """
import importlib, json, sys, time
start = time.perf_counter()
module = importlib.import_module("app")
handler = getattr(module, sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def measure(code_dir: Path, handler: str, env: dict[str, str], runs: int) -> float:
    """Median import+init seconds over `runs` fresh interpreters."""
    environment = {**os.environ, **env, "PYTHONPATH": f"{code_dir}{os.pathsep}{LAYER}", "PYTHONDONTWRITEBYTECODE": "1"}
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, handler], env=environment, cwd=code_dir, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise SystemExit(f"{code_dir}: import failed\n{out.stderr}")
        samples.append(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])
    return statistics.median(samples)


def function_environments() -> dict[str, tuple[Path, str, dict[str, str]]]:
    """Each function's code dir, handler attribute and resolved environment (provisioned in moto)."""
    template = load_template()
    fake = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}
    os.environ.update(fake)
    with mock_aws():
        stack = provision(template)
        result = {}
        for function_id, spec in sorted(template.functions().items()):
            module_name, attribute = spec.handler.rsplit(".", 1)
            assert module_name == "app", f"{function_id}: the bench expects app.<handler>"
            env = {**fake, **stack.environment_for(function_id), "POWERTOOLS_TRACE_DISABLED": "true"}
            result[function_id] = (spec.code_uri, attribute, env)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per function (median taken)")
    args = parser.parse_args()

    baseline_env = {"POWERTOOLS_SERVICE_NAME": "bench", "POWERTOOLS_TRACE_DISABLED": "true"}
    powertools = measure(HERE / "baselines" / "powertools_hello", "lambda_handler", baseline_env, args.runs)
    fastapi = measure(HERE / "baselines" / "fastapi_hello", "lambda_handler", baseline_env, args.runs)
    floor = measure(HERE / "baselines" / "powertools_traced_boto3", "lambda_handler", baseline_env, args.runs)

    print(f"cold start: import + init in a fresh interpreter, median of {args.runs} runs")
    print(f"{'function':<28}{'ms':>8}{'x powertools hello':>20}{'x fastapi+mangum hello':>24}")
    print(f"{'(baseline) powertools hello':<28}{powertools * 1000:>8.1f}{1.0:>20.2f}{powertools / fastapi:>24.2f}")
    print(f"{'(baseline) fastapi+mangum':<28}{fastapi * 1000:>8.1f}{fastapi / powertools:>20.2f}{1.0:>24.2f}")
    # The floor of any traced function that calls AWS: shows how much of a function's time is its own code.
    print(f"{'(floor) +tracer +boto3':<28}{floor * 1000:>8.1f}{floor / powertools:>20.2f}{floor / fastapi:>24.2f}")
    for function_id, (code_dir, handler, env) in function_environments().items():
        seconds = measure(code_dir, handler, env, args.runs)
        print(f"{function_id:<28}{seconds * 1000:>8.1f}{seconds / powertools:>20.2f}{seconds / fastapi:>24.2f}")


if __name__ == "__main__":
    main()
