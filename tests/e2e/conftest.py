"""The e2e suite's stack: one local cloud for most tests (fast), or a deployed stack (`make e2e STACK=...`).

Tests that need the local cloud's insides (fault injection, a cloud they may break, moto's state) are
`local_only`: marked by hand, or by using one of the local-only fixtures below; they are skipped against
a deployed stack.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from estore_local.devtools.filler import fill
from tests.e2e.localcloud import LocalCloud, remote_stack, start_local_cloud

FAULTS_TEMPLATE = Path(__file__).parent / "fixtures" / "faults" / "template.yaml"
LOCAL_ONLY_FIXTURES = {"faults_cloud", "disposable_cloud"}
REMOTE = remote_stack(os.environ)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if LOCAL_ONLY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.local_only)
        if REMOTE is not None and item.get_closest_marker("local_only"):
            item.add_marker(pytest.mark.skip(reason="needs the local cloud's internals; this stack is remote"))


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    if REMOTE is not None:
        print(f"\ne2e against {REMOTE.api_url}")
        yield REMOTE
        REMOTE.delete_created_users()
        return
    running = start_local_cloud(tmp_path_factory.mktemp("local-cloud"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def faults_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    running = start_local_cloud(tmp_path_factory.mktemp("faults-cloud"), FAULTS_TEMPLATE)
    yield running
    running.stop()


@pytest.fixture
def disposable_cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    """A local cloud of its own, for a test that damages it."""
    running = start_local_cloud(tmp_path)
    yield running
    running.stop()


CROWDED_ITEMS = 10_000


@pytest.fixture(scope="session")
def crowded_cloud(cloud: LocalCloud) -> LocalCloud:
    """The shared cloud with at least 10,000 items in its table: races at a real catalog's size (a deployed
    stack's table is used as it is: DynamoDB's cost does not grow with the table, moto's did)."""
    if REMOTE is not None:
        return cloud
    assert fill(cloud.client("dynamodb"), cloud.outputs["TableName"], CROWDED_ITEMS) >= CROWDED_ITEMS
    return cloud
