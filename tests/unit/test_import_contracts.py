"""The import contracts of .importlinter (run by `make lint`), each shown catching a bad import.

Each test builds a small tree of packages named like Estore's in a temp dir (`functions/<ctx>/<name>/app.py`,
`estore`, `estore_local`), runs lint-imports over it with the project's own config, and reads the verdict.
"""

from __future__ import annotations

import configparser
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# What a function may import from the layer besides models: the rest of the layer is forbidden to it.
FUNCTION_ALLOWED = {"http", "auth", "services", "domain", "errors", "observability", "triggers", "deadline"}


def contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    return parser


def listed(contract: str, key: str) -> list[str]:
    return contracts()[f"importlinter:contract:{contract}"][key].split()


def write(root: Path, module: str, source: str = "", *, package: bool = False) -> None:
    parts = module.split(".")
    path = root.joinpath(*parts, "__init__.py") if package else root.joinpath(*parts[:-1], f"{parts[-1]}.py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)


def clean_tree(root: Path) -> None:
    """A tree every contract keeps: a thin function over a service over a store over a pure domain."""
    packages = ("estore", "estore.domain", "estore.store", "estore.services", "estore_local")
    for package in (*packages, "estore_local.emulator", "estore_local.devtools"):
        write(root, package, package=True)
    for module in listed("functions-thin", "forbidden_modules"):
        if module.startswith("estore.") and module.count(".") == 1 and module not in {"estore.store"}:
            write(root, module)
    write(root, "estore.http")
    write(root, "estore.auth")
    write(root, "estore.domain.orders", "from pydantic import BaseModel\n")
    write(root, "estore.store.orders", "import boto3\nfrom estore.domain import orders\n")
    write(root, "estore.services.orders", "from estore.store import orders\n")
    write(root, "estore_local.cloud", "from estore.services import orders\n")
    write(root, "estore_local.emulator.gateway", "import boto3\n")
    write(root, "estore_local.devtools.seed", "from estore_local.emulator import gateway\n")
    write(
        root,
        "functions.shop.place_order.app",
        "from estore.http import entrypoint\nfrom estore.auth import Role\nfrom estore.services.orders import place\n",
    )


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(CONFIG), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def broken(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout.split("Broken contracts", 1)[1]


def test_a_layered_tree_keeps_every_contract(tmp_path: Path) -> None:
    # Given a tree that follows the layering
    clean_tree(tmp_path)
    # When lint-imports checks it
    result = lint(tmp_path)
    # Then every contract is kept
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.mark.parametrize("forbidden", ["estore.store.orders", "estore.workflows", "boto3", "estore_local.cloud"])
def test_a_function_importing_below_its_service_breaks_functions_thin(tmp_path: Path, forbidden: str) -> None:
    # Given a function that reaches past its service
    clean_tree(tmp_path)
    write(tmp_path, "functions.shop.place_order.app", f"from estore.http import entrypoint\nimport {forbidden}\n")
    # When lint-imports checks it
    verdict = broken(lint(tmp_path))
    # Then the functions contract names the import
    assert "Functions import only estore.http" in verdict
    assert f"functions.shop.place_order.app -> {forbidden}" in verdict


def test_a_domain_module_calling_aws_breaks_domain_pure(tmp_path: Path) -> None:
    # Given a domain module that imports botocore
    clean_tree(tmp_path)
    write(tmp_path, "estore.domain.orders", "from botocore.exceptions import ClientError\n")
    # When lint-imports checks it
    verdict = broken(lint(tmp_path))
    # Then the domain contract names it
    assert "estore.domain imports neither boto3/botocore nor estore.store" in verdict
    assert "estore.domain.orders -> botocore" in verdict


def test_a_domain_module_reading_the_store_breaks_domain_pure(tmp_path: Path) -> None:
    # Given a domain module that imports the store (indirectly: through a helper of its own)
    clean_tree(tmp_path)
    write(tmp_path, "estore.domain.helpers", "from estore.store import orders\n")
    write(tmp_path, "estore.domain.orders", "from estore.domain import helpers\n")
    # When lint-imports checks it
    verdict = broken(lint(tmp_path))
    # Then the chain is named
    assert "estore.domain imports neither boto3/botocore nor estore.store" in verdict
    assert "estore.domain.helpers -> estore.store.orders" in verdict


def test_a_store_module_importing_a_service_breaks_store_below_services(tmp_path: Path) -> None:
    # Given a store module that imports a service
    clean_tree(tmp_path)
    write(tmp_path, "estore.store.cart", "from estore.services import orders\n")
    # When lint-imports checks it
    verdict = broken(lint(tmp_path))
    # Then the store contract names it
    assert "estore.store never imports estore.services" in verdict
    assert "estore.store.cart -> estore.services.orders" in verdict


def test_the_layer_importing_the_local_cloud_breaks_no_local_cloud_in_product(tmp_path: Path) -> None:
    # Given a layer module that imports the local cloud
    clean_tree(tmp_path)
    write(tmp_path, "estore.http", "from estore_local import cloud\n")
    # When lint-imports checks it
    verdict = broken(lint(tmp_path))
    # Then the local-cloud contract names it
    assert "Nothing in layers/ or functions/ imports local/" in verdict
    assert "estore.http -> estore_local.cloud" in verdict


def test_the_emulator_importing_a_dev_tool_breaks_emulator_generic(tmp_path: Path) -> None:
    # Given an emulator module that imports one of Estore's dev tools
    clean_tree(tmp_path)
    write(tmp_path, "estore_local.emulator.gateway", "from estore_local.devtools import seed\n")
    # When lint-imports checks it
    verdict = broken(lint(tmp_path))
    # Then the emulator contract names the import
    assert "The emulator (estore_local.emulator) never imports Estore's dev tools" in verdict
    assert "estore_local.emulator.gateway -> estore_local.devtools.seed" in verdict


def test_every_layer_module_is_either_allowed_or_forbidden_to_functions() -> None:
    # Given the layer's top-level modules and the functions contract
    layer = {module.name for module in pkgutil.iter_modules([str(ROOT / "layers" / "estore" / "estore")])}
    forbidden = {name.removeprefix("estore.") for name in listed("functions-thin", "forbidden_modules")}
    # Then each one is classified: a new module cannot slip past the contract unnoticed
    assert layer - FUNCTION_ALLOWED - forbidden == set()
    assert FUNCTION_ALLOWED & forbidden == set()
