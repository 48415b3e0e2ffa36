"""What Pillow costs the ingest function: layer bytes, cold start, and the work per upload.

Run: `python -m bench.pillow_cost` (part of `make bench`). Every figure is a ratio against a baseline
measured in the same run on the same machine:

- layer: Pillow's installed files against the whole layer (the arm64 build in .aws-sam when `sam build`
  ran, else this machine's installed wheels of the layer's requirements);
- cold start: importing IngestImageFunction's handler in a fresh interpreter, as Lambda's init does,
  with Pillow against the same handler with Pillow replaced by empty stand-in modules (the function
  without Pillow imported), median of --runs interpreters each;
- per upload: decoding, re-encoding and thumbnailing a phone-sized JPEG against only hashing it (what
  the ingest did before), in one process.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from estore_local.emulator.template import ROOT

LAYER = ROOT / "layers" / "estore"
BUILT_LAYER = ROOT / ".aws-sam" / "build" / "EstoreLayer" / "python"
INGEST = ROOT / "functions" / "catalog" / "ingest_image"
PILLOW_TOP_LEVEL = ("PIL", "pillow.libs", "pillow-")

# Runs in the fresh interpreter. With "stub", PIL is a set of empty modules: the same code imports,
# nothing of Pillow loads.
PROBE = """
import importlib, json, sys, time, types
if sys.argv[1] == "stub":
    pil = types.ModuleType("PIL")
    for name in ("Image", "ImageOps"):
        module = types.ModuleType("PIL." + name)
        setattr(pil, name, module)
        sys.modules["PIL." + name] = module
    pil.UnidentifiedImageError = type("UnidentifiedImageError", (OSError,), {})
    sys.modules["PIL"] = pil
start = time.perf_counter()
module = importlib.import_module("app")
handler = module.lambda_handler
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "pil": hasattr(sys.modules.get("PIL.Image"), "open")}))
"""


def cold_start(variant: str, runs: int) -> float:
    env = {
        **os.environ,
        "PYTHONPATH": f"{INGEST}{os.pathsep}{LAYER}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "POWERTOOLS_SERVICE_NAME": "bench",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, variant], env=env, cwd=INGEST, capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            raise SystemExit(f"ingest import failed ({variant})\n{out.stderr}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        assert result["pil"] == (variant == "pillow"), result  # the stub really kept Pillow out
        samples.append(result["seconds"])
    return statistics.median(samples)


def _tree_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def layer_sizes() -> tuple[str, int, int]:
    """(where measured, Pillow's bytes, the whole layer's bytes)."""
    if BUILT_LAYER.is_dir():
        entries = list(BUILT_LAYER.iterdir())
        pillow = sum(_tree_bytes(entry) for entry in entries if entry.name.startswith(PILLOW_TOP_LEVEL))
        return "sam build (arm64)", pillow, sum(_tree_bytes(entry) for entry in entries)
    seen: dict[str, int] = {}
    wanted = [_name(line) for line in (LAYER / "requirements.txt").read_text().splitlines() if _name(line)]
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = sum(Path(str(dist.locate_file(file))).stat().st_size for file in dist.files or [])
        wanted += [_name(req) for req in dist.requires or [] if "extra ==" not in req and _name(req)]
    layer_code = _tree_bytes(LAYER / "estore")
    return "installed wheels (this machine)", seen.get("pillow", 0), sum(seen.values()) + layer_code


def _name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement.split("#", 1)[0])
    return match.group(1).lower().replace("_", "-") if match else ""


def per_upload(rounds: int) -> tuple[float, float, int]:
    """Median seconds to re-encode (with thumbnails) and to hash one phone-sized JPEG; its size."""
    from PIL import Image

    from estore import imaging
    from estore.domain.images import ImageType

    width, height = 1600, 1200
    gradient = Image.linear_gradient("L").resize((width, height))
    photo = Image.merge("RGB", (gradient, gradient.rotate(90), gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=85)
    data = buffer.getvalue()
    encode, digest = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        imaging.reencode(data, ImageType.JPEG)
        encode.append(time.perf_counter() - start)
        start = time.perf_counter()
        hashlib.sha256(data).hexdigest()
        digest.append(time.perf_counter() - start)
    return statistics.median(encode), statistics.median(digest), len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per variant (median taken)")
    parser.add_argument("--rounds", type=int, default=5, help="re-encodes of the sample photo (median taken)")
    args = parser.parse_args()

    where, pillow_bytes, layer_bytes = layer_sizes()
    print(
        f"layer ({where}): Pillow {pillow_bytes / 1e6:.1f} MB of {layer_bytes / 1e6:.1f} MB "
        f"= {pillow_bytes / layer_bytes:.0%} (x{layer_bytes / (layer_bytes - pillow_bytes):.2f} the layer without it)"
    )

    without = cold_start("stub", args.runs)
    with_pillow = cold_start("pillow", args.runs)
    print(
        f"ingest cold start (import + init, median of {args.runs}): without Pillow {without * 1000:.0f} ms, "
        f"with {with_pillow * 1000:.0f} ms = x{with_pillow / without:.2f}"
    )

    encode, digest, size = per_upload(args.rounds)
    print(
        f"per upload (1600x1200 JPEG, {size / 1000:.0f} KB): re-encode + 2 thumbnails {encode * 1000:.0f} ms, "
        f"hash only {digest * 1000:.2f} ms = x{encode / digest:.0f}; "
        f"x{encode / without:.2f} the function's own cold start without Pillow"
    )


if __name__ == "__main__":
    main()
