"""Deployment sizes: the layer unzipped (Lambda's limit is 250 MB for a function and its layers) and each
function's own package."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from estore_local.template import ROOT

LAYER = ROOT / "layers" / "estore"
REQUIREMENTS = LAYER / "requirements.txt"
SAM_BUILD = ROOT / ".aws-sam" / "build" / "EstoreLayer"
CACHE = ROOT / ".bench-cache"


def tree_bytes(path: Path) -> int:
    """Bytes of every file under path, bytecode caches left out (Lambda gets what the zip holds)."""
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file() and "__pycache__" not in file.parts)


def function_package_bytes(code_dir: Path) -> int:
    return tree_bytes(code_dir)


def layer_size() -> tuple[int, str]:
    """(bytes, how they were measured): sam build's output, else an arm64 install, else this venv's."""
    if SAM_BUILD.is_dir():
        return tree_bytes(SAM_BUILD), "sam build output .aws-sam/build/EstoreLayer"
    installed = _arm64_install()
    if installed is not None:
        source = "pip install of requirements.txt for Lambda's arm64 + estore/"
        return tree_bytes(installed) + tree_bytes(LAYER / "estore"), source
    return _venv_bytes() + tree_bytes(LAYER / "estore"), "this venv's installed copies of requirements.txt + estore/"


def _arm64_install() -> Path | None:
    """requirements.txt installed for Lambda's platform (cached by the file's content), or None offline."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    target = CACHE / f"layer-arm64-{digest}"
    if target.is_dir():
        return target
    partial = CACHE / f"layer-arm64-{digest}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
        "--target", str(partial), "--platform", "manylinux2014_aarch64",
        "--platform", "manylinux_2_28_aarch64", "--platform", "manylinux_2_34_aarch64", "--implementation", "cp",
        "--python-version", "3.13", "--only-binary=:all:", "-r", str(REQUIREMENTS),
    ]  # fmt: skip
    if subprocess.run(command, capture_output=True, text=True, check=False).returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        return None
    partial.rename(target)
    return target


def _venv_bytes() -> int:
    """The files of every distribution requirements.txt pulls in, as installed in this interpreter."""
    wanted = [_name(line) for line in REQUIREMENTS.read_text().splitlines() if _name(line)]
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
