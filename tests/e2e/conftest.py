"""One local cloud for most e2e tests (fast); tests that break it get their own."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.localcloud import LocalCloud, start_local_cloud

FAULTS_TEMPLATE = Path(__file__).parent / "fixtures" / "faults" / "template.yaml"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
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
