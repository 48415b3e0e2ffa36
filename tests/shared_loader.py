"""One botocore data loader for the whole test process.

botocore gives every new session its own loader, which parses each service's model and endpoint rules
from JSON again: every in-process cloud (one per integration test) makes ~10 sessions and ~30 clients, and
that parsing was about 40% of its setup (0.4 s of CPU a test on this project's machine; docs/performance.md,
"make test"). The files never change during a run and botocore treats what it loads as read-only (one
session already shares it between its clients), so the test process shares one loader per data path.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.loaders
import botocore.session


class _SearchPaths(list[str]):
    """boto3 appends its own data path to each new session's loader: once is enough on a shared one."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


@functools.cache
def _shared_loader(search_path_string: str | None = None) -> Any:
    loader = botocore.loaders.create_loader(search_path_string)
    loader._search_paths = _SearchPaths(loader.search_paths)
    return loader


def install() -> None:
    """Make every botocore session of this process use the shared loader (idempotent)."""
    botocore.session.create_loader = _shared_loader  # type: ignore[attr-defined]
