"""What the layers ship: boto3 is the runtime's, the X-Ray SDK only with detailed tracing, bytecode built in.

The sizes themselves are measured by `python -m bench.cold_start` (a benchmark, not a test)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from estore_local.emulator.template import load_template

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "aws-xray-sdk"}


def requirement_names(path: Path) -> dict[str, str]:
    """name -> the whole requirement line, for every requirement of a requirements file."""
    names = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name = re.match(r"[A-Za-z0-9._-]+", line)
            assert name is not None, line
            names[name.group(0).lower().replace("_", "-")] = line
    return names


def layer_of(logical_id: str) -> dict[str, Any]:
    return dict(load_template().resources[logical_id])


def test_the_shared_layer_leaves_boto3_and_the_xray_sdk_out() -> None:
    # Given the shared layer's requirements
    requirements = requirement_names(ROOT / "layers" / "estore" / "requirements.txt")

    # Then nothing there is what Lambda's runtime ships, or the tracing layer's, and no extra pulls it back in
    assert not RUNTIME_PROVIDED & requirements.keys()
    assert all("[" not in line for line in requirements.values())


def test_the_tracing_layer_is_attached_to_functions_only_with_detailed_tracing() -> None:
    # Given the template
    template = load_template()

    # Then every function gets the tracing layer under the condition that DetailedTracing is "true" ...
    layers = template.data["Globals"]["Function"]["Layers"]
    assert {"Fn::If": ["DetailedTracingOn", {"Ref": "TracingLayer"}, {"Ref": "AWS::NoValue"}]} in layers
    assert template.data["Conditions"]["DetailedTracingOn"] == {"Fn::Equals": [{"Ref": "DetailedTracing"}, "true"]}
    # ... and the layer itself only exists then
    assert template.resources["TracingLayer"]["Condition"] == "DetailedTracingOn"


def test_the_tracing_layer_installs_the_sdk_without_its_botocore() -> None:
    # Given the tracing layer's requirements and its build
    requirements = requirement_names(ROOT / "layers" / "tracing" / "requirements.txt")
    makefile = (ROOT / "layers" / "tracing" / "Makefile").read_text()

    # Then it pins the SDK and wrapt, and installs them without dependencies (botocore is the runtime's)
    assert requirements.keys() == {"aws-xray-sdk", "wrapt"}
    assert "--no-deps" in makefile


def test_both_layers_build_bytecode_that_lambda_loads_without_checking_sources() -> None:
    for logical_id, directory in (("EstoreLayer", "estore"), ("TracingLayer", "tracing")):
        # Given a layer of the template
        layer = layer_of(logical_id)
        makefile = (ROOT / "layers" / directory / "Makefile").read_text()

        # Then sam build runs its Makefile for arm64, whose target compiles with unchecked hashes
        assert layer["Metadata"] == {"BuildMethod": "makefile", "BuildArchitecture": "arm64"}
        assert layer["Properties"]["ContentUri"] == f"layers/{directory}"
        target = makefile.split(f"build-{logical_id}:", 1)[1]
        assert "compileall -q -f --invalidation-mode unchecked-hash" in target
        assert "--python-version 3.13" in target
        assert "--platform manylinux2014_aarch64" in makefile


def test_a_cold_start_never_scans_installed_distributions_for_pydantic_plugins() -> None:
    # Given a fresh interpreter with only the layer on the path (as Lambda's init sees it)
    probe = (
        "import json, estore, pydantic; from pydantic.plugin import _loader\n"
        "class Order(pydantic.BaseModel):\n    number: int\n"
        "Order(number=1)\n"
        "print(json.dumps(_loader._plugins is None))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    environment["PYTHONPATH"] = str(ROOT / "layers" / "estore")

    # When it imports estore and builds its first model
    out = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True)

    # Then pydantic never looked for plugins (an entry-point scan of every installed distribution)
    assert json.loads(out.stdout) is True
