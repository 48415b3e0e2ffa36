"""Tracing and cold start: the X-Ray SDK loads only when DETAILED_TRACING turns detailed tracing on.

Each case imports a real function in a fresh interpreter (sys.modules of the test process already holds
whatever other tests imported), with the function's code and the layer on the path as in Lambda.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "estore"

# Imports the function, reports whether the SDK was loaded and whether the handler was wrapped.
PROBE = """
import json, sys
import app
layers, handler = [], app.lambda_handler
while handler is not None:
    layers.append(handler.__code__.co_filename)
    handler = getattr(handler, "__wrapped__", None)
print(json.dumps({
    "sdk_loaded": any(name.startswith("aws_xray_sdk") for name in sys.modules),
    "traced": any(filename.endswith("tracing/tracer.py") for filename in layers),
}))
"""

ANNOTATE = """
import json, sys
import app
from estore.observability import tracer
before = any(name.startswith("aws_xray_sdk") for name in sys.modules)
tracer.put_annotation(key="k", value="v")
after = any(name.startswith("aws_xray_sdk") for name in sys.modules)
print(json.dumps({"before": before, "after": after}))
"""


def run_in_function(function: str, code: str, **env: str) -> dict[str, object]:
    code_dir = ROOT / "functions" / function
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DETAILED_TRACING"},
        "PYTHONPATH": f"{code_dir}{os.pathsep}{LAYER}",
        "AWS_DEFAULT_REGION": "us-east-1",
        "TABLE_NAME": "estore",
        "POWERTOOLS_TRACE_DISABLED": "true",  # no X-Ray daemon in a test: nothing is sent either way
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=code_dir, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_given_detailed_tracing_unset_when_an_api_function_starts_then_the_xray_sdk_is_not_loaded():
    result = run_in_function("wallet/get_wallet", PROBE)

    assert result["sdk_loaded"] is False
    assert result["traced"] is False


def test_given_detailed_tracing_off_when_an_event_function_starts_then_the_xray_sdk_is_not_loaded():
    result = run_in_function("search/indexer", PROBE, DETAILED_TRACING="false")

    assert result["sdk_loaded"] is False
    assert result["traced"] is False


def test_given_detailed_tracing_on_when_a_function_starts_then_its_handler_is_traced_by_the_xray_sdk():
    result = run_in_function("wallet/get_wallet", PROBE, DETAILED_TRACING="true")

    assert result["sdk_loaded"] is True
    assert result["traced"] is True


def test_given_detailed_tracing_off_when_the_tracer_is_first_used_then_the_sdk_loads_then():
    result = run_in_function("wallet/get_wallet", ANNOTATE, DETAILED_TRACING="false")

    assert result == {"before": False, "after": True}
