"""botocore's data files read from the layer's precomputed cache (estore.botodata): the same data, or
botocore's own reading whenever the cache cannot vouch for a file or for the list of services."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Any

import boto3
import botocore
import botocore.session
import pytest
from botocore.loaders import Loader

from estore import botodata

DYNAMODB_MODEL = Path(Loader.BUILTIN_DATA_PATH) / "dynamodb" / "2012-08-10" / "service-2.json.gz"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("botodata")
    botodata.build(directory, services=["dynamodb"])
    return directory


def make_client(session: botocore.session.Session) -> Any:
    """A DynamoDB client, as estore.aws makes them (botocore's session, no boto3)."""
    return session.create_client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="unit", aws_secret_access_key="unit"
    )


def cached_loader(directory: Path, **kwargs: Any) -> botodata.CachedLoader:
    return botodata.CachedLoader(directory, **kwargs)


def session_with(loader: Loader) -> botocore.session.Session:
    session = botocore.session.Session()
    session.register_component("data_loader", loader)
    return session


def walks_directories(loader: botodata.CachedLoader, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every directory the loader lists (botocore's list_available_services lists them all)."""
    listed: list[str] = []
    real = botodata.os.listdir

    def listdir(path: str) -> list[str]:
        listed.append(path)
        return real(path)

    monkeypatch.setattr("botocore.loaders.os.listdir", listdir)
    return listed


def test_given_a_build_then_the_cache_holds_each_file_a_client_reads_and_the_lists_of_services(cache: Path) -> None:
    # Given the cache built in the fixture for DynamoDB
    # Then every data file the client reads has an entry named by its bytes' digest
    raw = DYNAMODB_MODEL.read_bytes()
    assert (cache / botodata.FILES / f"{botodata.digest(raw)}.pickle").is_file()
    endpoints = (Path(Loader.BUILTIN_DATA_PATH) / "endpoints.json").read_bytes()
    assert (cache / botodata.FILES / f"{botodata.digest(endpoints)}.pickle").is_file()
    # And botocore's list of services is there for this version
    assert (cache / f"services-botocore-{botocore.__version__}.pickle").is_file()


def test_given_a_cache_when_a_client_is_made_then_its_files_and_service_list_come_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a loader reading through the cache
    loader = cached_loader(cache)
    listed = walks_directories(loader, monkeypatch)
    # When a DynamoDB client is made
    make_client(session_with(loader))
    # Then its data files were all cache hits and no service directory was listed
    assert loader.file_loader.hits >= 4  # model, endpoint rules, endpoints.json, partitions, ...
    assert loader.file_loader.misses == 0
    assert not [path for path in listed if path.rstrip("/").endswith("data")]


def test_given_a_cache_then_the_client_has_every_operation_and_shape_of_botocores_own(cache: Path) -> None:
    # Given a client made through the cache and one made by botocore's own loader
    through_cache = make_client(session_with(cached_loader(cache))).meta.service_model
    own = make_client(botocore.session.Session()).meta.service_model
    # Then they have the same operations, with the same inputs and outputs, and the same shapes
    assert through_cache.operation_names == own.operation_names
    for name in own.operation_names:
        theirs, ours = own.operation_model(name), through_cache.operation_model(name)
        for mine, botocores in ((ours.input_shape, theirs.input_shape), (ours.output_shape, theirs.output_shape)):
            assert (mine and list(mine.members)) == (botocores and list(botocores.members))
        assert ours.http == theirs.http
    assert through_cache.shape_names == own.shape_names
    # And the raw models are equal, keys in the same order, with plain dicts for botocore's OrderedDicts
    ours_raw = cached_loader(cache).load_service_model("dynamodb", "service-2")
    theirs_raw = Loader().load_service_model("dynamodb", "service-2")
    assert type(theirs_raw) is OrderedDict
    assert type(ours_raw) is dict
    assert ours_raw == theirs_raw
    assert same_order(ours_raw, theirs_raw)


def same_order(ours: Any, theirs: Any) -> bool:
    """Every mapping's keys in the same order, all the way down."""
    if isinstance(theirs, dict):
        return list(ours) == list(theirs) and all(same_order(ours[key], theirs[key]) for key in theirs)
    if isinstance(theirs, list):
        return all(same_order(mine, their) for mine, their in zip(ours, theirs, strict=True))
    return bool(ours == theirs)


def test_given_a_changed_data_file_then_the_loader_reads_the_file_not_the_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a data directory (AWS_DATA_PATH) whose DynamoDB model differs from the one the cache was made from
    data = tmp_path / "models"
    target = data / "dynamodb" / "2012-08-10"
    target.mkdir(parents=True)
    model = json.loads(gzip.decompress(DYNAMODB_MODEL.read_bytes()))
    model["metadata"]["serviceFullName"] = "Changed DynamoDB"
    (target / "service-2.json").write_text(json.dumps(model))
    loader = cached_loader(cache, extra_search_paths=[str(data)])
    listed = walks_directories(loader, monkeypatch)
    # When the model is loaded
    loaded = loader.load_service_model("dynamodb", "service-2")
    # Then it is the changed file's content, read from the file
    assert loaded["metadata"]["serviceFullName"] == "Changed DynamoDB"
    assert loader.file_loader.misses >= 1
    # And the services were listed from the directories (the cache knows nothing of that one)
    assert str(data) in listed


def test_given_another_botocore_version_then_the_services_are_listed_from_the_directories(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a cache made for this botocore, and a botocore of another version
    monkeypatch.setattr(botocore, "__version__", "0.0.0-other")
    loader = cached_loader(cache)
    listed = walks_directories(loader, monkeypatch)
    # When the services are listed
    services = loader.list_available_services("service-2")
    # Then botocore listed its data directory, and the answer is botocore's own
    assert any(path.rstrip("/").endswith("data") for path in listed)
    assert services == Loader().list_available_services("service-2")


def test_given_no_cache_then_a_client_is_made_the_normal_way(tmp_path: Path) -> None:
    # Given a cache directory that does not exist
    loader = cached_loader(tmp_path / "nothing-here")
    # When a DynamoDB client is made
    client = make_client(session_with(loader))
    # Then every file was read from botocore's data, and the client has all of DynamoDB's operations
    assert loader.file_loader.hits == 0
    assert loader.file_loader.misses >= 4
    own = Loader().load_service_model("dynamodb", "service-2")
    assert set(client.meta.service_model.operation_names) == set(own["operations"])


def test_given_a_damaged_cache_entry_then_the_file_is_read_instead(cache: Path, tmp_path: Path) -> None:
    # Given a copy of the cache whose DynamoDB model entry is cut short
    damaged = tmp_path / "damaged"
    shutil.copytree(cache, damaged)
    entry = damaged / botodata.FILES / f"{botodata.digest(DYNAMODB_MODEL.read_bytes())}.pickle"
    entry.write_bytes(entry.read_bytes()[:100])
    loader = cached_loader(damaged)
    # When the model is loaded
    loaded = loader.load_service_model("dynamodb", "service-2")
    # Then it is botocore's model, read from the file
    assert loaded == Loader().load_service_model("dynamodb", "service-2")
    assert loader.file_loader.misses == 1


def test_given_sessions_made_after_a_reset_then_they_share_one_loader_with_one_boto3_path(cache: Path) -> None:
    # Given two boto3 sessions made through estore.botodata, as aws.reset() makes a new one
    first = boto3.session.Session(botocore_session=botodata.session(cache))
    second = boto3.session.Session(botocore_session=botodata.session(cache))
    # Then they share the process's loader, and boto3's data directory is on its search path once
    loader = first._session.get_component("data_loader")
    assert second._session.get_component("data_loader") is loader
    assert len(loader.search_paths) == len(set(loader.search_paths))


def test_given_a_function_when_it_starts_and_makes_its_table_client_then_boto3_is_not_imported() -> None:
    # Given a function's code and the layer, in a fresh interpreter as Lambda starts one
    root = Path(__file__).resolve().parents[2]
    probe = (
        "import sys, app; from estore import aws; aws.document_client(); "
        "print('boto3' in sys.modules, 's3transfer' in sys.modules)"
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{root / 'functions' / 'catalog' / 'get_product'}{os.pathsep}{root / 'layers' / 'estore'}",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "unit",
        "AWS_SECRET_ACCESS_KEY": "unit",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    # When it imports its handler and makes the DynamoDB client
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    # Then neither boto3 nor s3transfer was imported (botocore and estore.ddb do the work)
    assert done.stdout.split() == ["False", "False"]
