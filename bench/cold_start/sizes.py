"""Deployment sizes: each layer unzipped (Lambda's limit is 250 MB for a function and its layers) and each
function's own package.

A layer is measured as `sam build` makes it: its own Makefile (layers/<name>/Makefile, BuildMethod: makefile)
run into a cache directory, so the figure counts exactly the arm64 wheels, Estore's code and the bytecode
that ship. Offline, it falls back to `sam build`'s last output, else to this venv's installed copies."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from estore_local.emulator.template import ROOT

CACHE = ROOT / ".bench-cache"


@dataclass(frozen=True)
class Layer:
    """A layer of the template built by its own Makefile."""

    logical_id: str
    directory: Path

    @property
    def requirements(self) -> Path:
        return self.directory / "requirements.txt"

    def sources(self) -> list[Path]:
        """Every file the build reads (the cache is keyed by their contents)."""
        files = [self.directory / "Makefile", self.requirements]
        files += sorted(
            file for file in self.directory.rglob("*.py") if file.is_file() and "__pycache__" not in file.parts
        )
        return files


ESTORE_LAYER = Layer("EstoreLayer", ROOT / "layers" / "estore")
TRACING_LAYER = Layer("TracingLayer", ROOT / "layers" / "tracing")


def tree_bytes(path: Path) -> int:
    """Bytes of every file under path."""
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def function_package_bytes(code_dir: Path) -> int:
    """A function's own package: its code directory without local bytecode caches (sam build ships none)."""
    return sum(
        file.stat().st_size for file in code_dir.rglob("*") if file.is_file() and "__pycache__" not in file.parts
    )


def layer_size(layer: Layer = ESTORE_LAYER) -> tuple[int, str]:
    """(bytes, how they were measured): the layer's Makefile build, else sam build's output, else this venv."""
    built = _make_build(layer)
    if built is not None:
        return tree_bytes(built), f"layers/{layer.directory.name}/Makefile as sam build runs it: arm64, with .pyc"
    sam_output = ROOT / ".aws-sam" / "build" / layer.logical_id
    if sam_output.is_dir():
        return tree_bytes(sam_output), f"sam build output .aws-sam/build/{layer.logical_id}"
    own_code = layer.directory / "estore"
    code = tree_bytes(own_code) if own_code.is_dir() else 0
    return _venv_bytes(layer.requirements) + code, "this venv's installed copies of requirements.txt (no .pyc)"


def _make_build(layer: Layer) -> Path | None:
    """The layer built by its Makefile into a cache keyed by its sources, or None when it cannot build."""
    digest = hashlib.sha256()
    for file in layer.sources():
        digest.update(str(file.relative_to(layer.directory)).encode())
        digest.update(file.read_bytes())
    target = CACHE / f"{layer.logical_id}-{digest.hexdigest()[:16]}"
    if target.is_dir():
        return target
    partial = target.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    # sam build finds python3.13 on PATH; here it is this interpreter's directory first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = ["make", "--no-print-directory", "-s", f"build-{layer.logical_id}", f"ARTIFACTS_DIR={partial}"]
    done = subprocess.run(command, cwd=layer.directory, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        return None
    partial.rename(target)
    return target


def _venv_bytes(requirements: Path) -> int:
    """The files of every distribution requirements.txt pulls in, as installed in this interpreter."""
    wanted = [_name(line) for line in requirements.read_text().splitlines() if _name(line)]
    seen: set[str] = set()
    total = 0
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        total += sum(
            Path(str(distribution.locate_file(file))).stat().st_size
            for file in distribution.files or ()
            if "__pycache__" not in str(file) and Path(str(distribution.locate_file(file))).is_file()
        )
        for requirement in distribution.requires or ():
            if "extra ==" not in requirement:
                wanted.append(_name(requirement))
    return total


def _name(line: str) -> str:
    line = line.split("#", 1)[0].strip()
    for stop in "[=<>!~; ":
        line = line.split(stop, 1)[0]
    return line.lower().replace("_", "-")
