"""What Pillow costs the ingest function: layer bytes, cold start, and the work per upload.

Run: `python -m bench.pillow_cost` (part of `make bench`). Every figure is a ratio against a baseline
measured in the same run on the same machine:

- layers: Pillow lives in ImagingLayer, which only the ingest function carries; its bytes against EstoreLayer,
  which every function carries (the arm64 builds in .aws-sam when `sam build` ran, else this machine's installed
  wheels of each layer's requirements);
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

from estore_local.template import ROOT

LAYER = ROOT / "layers" / "estore"
IMAGING_LAYER = ROOT / "layers" / "imaging"
BUILT = ROOT / ".aws-sam" / "build"
INGEST = ROOT / "functions" / "catalog" / "ingest_image"

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


def layer_bytes(name: str, source: Path) -> tuple[str, int]:
    """(where measured, bytes) of one layer: its arm64 build when `sam build` ran, else the installed wheels of its
    requirements (and its own code) on this machine."""
    built = BUILT / name / "python"
    if built.is_dir():
        return "sam build (arm64)", _tree_bytes(built)
    seen: dict[str, int] = {}
    wanted = [_name(line) for line in (source / "requirements.txt").read_text().splitlines() if _name(line)]
    while wanted:
        dist_name = wanted.pop()
        if dist_name in seen:
            continue
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            continue
        seen[dist_name] = sum(Path(str(dist.locate_file(file))).stat().st_size for file in dist.files or [])
        wanted += [_name(req) for req in dist.requires or [] if "extra ==" not in req and _name(req)]
    code = _tree_bytes(source / "estore") if (source / "estore").is_dir() else 0
    return "installed wheels (this machine)", sum(seen.values()) + code


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

    where, imaging = layer_bytes("ImagingLayer", IMAGING_LAYER)
    estore_where, shared = layer_bytes("EstoreLayer", LAYER)
    print(
        f"layers: ImagingLayer (Pillow, {where}) {imaging / 1e6:.1f} MB, only on the ingest function; "
        f"EstoreLayer ({estore_where}) {shared / 1e6:.1f} MB on every function; "
        f"the ingest function carries x{(shared + imaging) / shared:.2f} the bytes of the others"
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
