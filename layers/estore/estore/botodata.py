"""botocore's data files, read from a precomputed cache: the same data, without the cold-start cost.

Making a botocore client reads JSON data files (the service model, its endpoint rules, `endpoints.json`,
...) and, twice, lists every one of botocore's ~400 service directories to check that the service exists.
On a cold start that is about half of what creating the DynamoDB client costs (docs/performance.md,
"Fourth pass"). This module gives a botocore session a data loader that answers both from a cache made
when the layer is built (`python -m estore.botodata build <dir>`, run by layers/estore/Makefile and by
`make venv`), and falls back to botocore's own loading for anything the cache cannot vouch for:

- a data file is taken from the cache only when the file botocore would read has exactly the bytes the
  cache entry was made from: entries are named by the BLAKE2b digest of the raw file (as it is on disk,
  gzipped or not). Another botocore version with the same file hits; a changed file misses and is read.
- the list of services is taken from the cache only when every search path of the loader is one the cache
  knows by package and version (botocore's own `data` directory, boto3's) or does not exist. A customer
  model directory (`~/.aws/models`, `AWS_DATA_PATH`) or another botocore version reads the directories.

The cached value is the pickle of what botocore's `json.loads(..., object_pairs_hook=OrderedDict)` returns,
with plain dicts for its OrderedDicts: the same keys, values and order (dicts keep insertion order), and
unpickling a plain dict costs half as much (`endpoints.json`: ~15 ms as OrderedDicts, ~7 ms as dicts).
botocore reads its data through the mapping interface only; it calls OrderedDict's own methods just on
objects it makes itself (its model's shape maps, the signer's policies), never on loaded data. Nothing is
pruned: every service and every operation stays available; a service without cache entries is loaded the
normal way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import botocore
import botocore.session
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.loaders import JSONFileLoader, Loader

# Next to this module: in the layer, `sam build` writes it there (layers/estore/Makefile); in the dev tree,
# `make venv`. ESTORE_BOTODATA_CACHE points elsewhere (tests), or to a directory that does not exist (off).
DEFAULT_DIR = Path(__file__).with_name("_botodata")
FILES = "files"
# The clients Estore's requests make (estore.aws, estore.bus): their data is what the build caches (~3.5 MB
# in the layer). The deployment hooks' ssm and codedeploy are read the normal way: not on a request's path.
SERVICES = ("dynamodb", "s3", "stepfunctions", "events", "cognito-idp")
TYPE_NAMES = ("service-2", "endpoint-rule-set-1", "paginators-1", "waiters-2", "resources-1")
_PICKLE_PROTOCOL = 5


def cache_dir() -> Path:
    return Path(os.environ.get("ESTORE_BOTODATA_CACHE") or DEFAULT_DIR)


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _package_roots() -> dict[str, str]:
    """The data directories the cache can name: botocore's own and boto3's, by package and version."""
    roots = {os.path.realpath(Loader.BUILTIN_DATA_PATH): f"botocore-{botocore.__version__}"}
    boto3 = sys.modules.get("boto3")  # only when something made a boto3 session on this loader
    boto3_file: str | None = getattr(boto3, "__file__", None)
    if boto3 is not None and boto3_file:
        roots[os.path.realpath(os.path.join(os.path.dirname(boto3_file), "data"))] = f"boto3-{boto3.__version__}"
    return roots


def _services_file(directory: Path, root_key: str) -> Path:
    return directory / f"services-{root_key}.pickle"


class CachedFileLoader(JSONFileLoader):  # type: ignore[misc]  # botocore is untyped
    """botocore's JSON file loader that takes a file's parsed value from the cache when its bytes match."""

    def __init__(self, directory: Path) -> None:
        self.files = directory / FILES
        self.hits = 0
        self.misses = 0

    def _load_file(self, full_path: str, open_method: Any) -> Any:
        if not os.path.isfile(full_path):
            return None
        with open(full_path, "rb") as source:
            raw = source.read()
        try:
            with open(self.files / f"{digest(raw)}.pickle", "rb") as cached:
                # The cache is the layer's own build output, as trusted as its code.
                value = pickle.load(cached)  # noqa: S301
        except Exception:  # missing, unreadable or damaged: read the file itself
            self.misses += 1
            return super()._load_file(full_path, open_method)
        self.hits += 1
        return value


class CachedLoader(Loader):  # type: ignore[misc]  # botocore is untyped
    """botocore's Loader with the cached file loader and the cached list of services (when it applies)."""

    def __init__(self, directory: Path | None = None, **kwargs: Any) -> None:
        self.directory = directory or cache_dir()
        kwargs.setdefault("file_loader", CachedFileLoader(self.directory))
        super().__init__(**kwargs)

    def _cached_services(self, type_name: str) -> list[str] | None:
        roots = _package_roots()
        services: set[str] = set()
        for path in self.search_paths:
            if not os.path.isdir(path):
                continue  # botocore skips it too (`_potential_locations`)
            root_key = roots.get(os.path.realpath(path))
            if root_key is None:
                return None  # a directory the cache knows nothing about: list it
            try:
                with open(_services_file(self.directory, root_key), "rb") as cached:
                    by_type = pickle.load(cached)  # noqa: S301 - the layer's own build output
            except Exception:  # missing, unreadable or damaged: list the directories
                return None
            if type_name not in by_type:
                return None
            services.update(by_type[type_name])
        return sorted(services)

    def list_available_services(self, type_name: str) -> list[str]:
        key = ("list_available_services", type_name)
        if key not in self._cache:
            cached = self._cached_services(type_name)
            if cached is not None:
                self._cache[key] = cached
        return super().list_available_services(type_name)  # type: ignore[no-any-return]


class _SearchPaths(list[str]):
    """boto3 appends its data directory to the loader of every session it wraps: once is enough on a
    loader that sessions share."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


_loaders: dict[tuple[Path, str | None], CachedLoader] = {}


def loader(directory: Path | None = None, data_path: str | None = None) -> CachedLoader:
    """The process's loader for this cache and `AWS_DATA_PATH` (botocore's search paths for it). Shared
    by the sessions `aws.reset()` makes: its data never changes while the process runs, and botocore
    already shares one loader between the clients of a session."""
    directory = directory or cache_dir()
    key = (directory, data_path)
    if key not in _loaders:
        extra = None
        if data_path is not None:
            extra = [os.path.expanduser(os.path.expandvars(path)) for path in data_path.split(os.pathsep)]
        made = CachedLoader(directory, extra_search_paths=extra)
        made._search_paths = _SearchPaths(made.search_paths)
        _loaders[key] = made
    return _loaders[key]


def session(directory: Path | None = None) -> botocore.session.Session:
    """A botocore session whose data loader reads through the cache (with the search paths botocore's
    own would have)."""
    made = botocore.session.Session()
    made.register_component("data_loader", loader(directory, made.get_config_variable("data_path")))
    return made


class _Recorder(JSONFileLoader):  # type: ignore[misc]  # botocore is untyped
    """Remembers every data file botocore reads, to put each in the cache."""

    def __init__(self) -> None:
        self.read: set[str] = set()

    def _load_file(self, full_path: str, open_method: Any) -> Any:
        value = super()._load_file(full_path, open_method)
        if value is not None:
            self.read.add(full_path)
        return value


def build(directory: Path, services: Iterable[str] = SERVICES) -> list[str]:
    """Writes the cache for this botocore: the data files that making each service's client (as
    `estore.aws` makes them) and loading its paginators and waiters reads, and the list of services of
    every type in each known data directory. Returns the files cached."""
    with contextlib.suppress(ImportError):
        # Its data directory is on a loader that a boto3 session wraps (the tests, `aws.resource`).
        import boto3  # noqa: F401
    recorder = _Recorder()
    core = botocore.session.Session()
    loader = Loader(file_loader=recorder)
    core.register_component("data_loader", loader)
    for service in services:
        core.create_client(
            service,
            region_name="us-east-1",
            aws_access_key_id="build",
            aws_secret_access_key="build",  # noqa: S106
        )
        for type_name in TYPE_NAMES[2:]:
            # Not every service has paginators, waiters or resources.
            with contextlib.suppress(DataNotFoundError, UnknownServiceError):
                loader.load_service_model(service, type_name)
    files = directory / FILES
    files.mkdir(parents=True, exist_ok=True)
    for path in sorted(recorder.read):
        raw = Path(path).read_bytes()
        value = JSONFileLoader()._load_file(path, _open_method(path))
        _write(files / f"{digest(raw)}.pickle", plain(value))
    for root, root_key in _package_roots().items():
        single = Loader(extra_search_paths=[root], include_default_search_paths=False)
        by_type = {type_name: single.list_available_services(type_name) for type_name in TYPE_NAMES}
        _write(_services_file(directory, root_key), by_type)
    return sorted(recorder.read)


def plain(value: Any) -> Any:
    """The loaded JSON with plain dicts for botocore's OrderedDicts (same keys, values and order)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _open_method(path: str) -> Any:
    """botocore's own opener for the file's extension (`open`, or `gzip.open` for `.json.gz`)."""
    from botocore.loaders import _JSON_OPEN_METHODS

    return next(method for ext, method in _JSON_OPEN_METHODS.items() if path.endswith(ext))


def _write(path: Path, value: Any) -> None:
    """Atomically: a reader sees the old file, the new one, or none, never a half-written one."""
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pickle.dumps(value, protocol=_PICKLE_PROTOCOL))
    partial.replace(path)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "build":
        print("usage: python -m estore.botodata build <directory>", file=sys.stderr)
        return 2
    directory = Path(argv[1])
    cached = build(directory)
    print(f"botocore {botocore.__version__} data cache: {len(cached)} files in {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
