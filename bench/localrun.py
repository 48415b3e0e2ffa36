"""What the HTTP benchmarks share: a local cloud (started, or the running `make dev`), timed calls,
percentiles, and the local cloud's memory."""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.localcloud import LocalCloud, start_local_cloud
from tests.e2e.support import User


@contextmanager
def local_cloud(state_dir: Path | None = None) -> Iterator[tuple[LocalCloud, int]]:
    """A local cloud and the pid of its process: the running `make dev` whose outputs.json is in
    `state_dir`, or one started (and stopped) here."""
    if state_dir is not None:
        outputs = json.loads((state_dir / "outputs.json").read_text())
        port = int(os.environ.get("PORT", "3000"))
        api_url = f"http://127.0.0.1:{port}"
        running = LocalCloud(None, api_url, outputs["AwsEndpointUrl"], outputs, state_dir / "local-cloud.log")
        yield running, listener_pid(port)
        return
    state = Path(tempfile.mkdtemp(prefix="estore-bench-"))  # kept: its local-cloud.log explains a bad run
    print(f"local cloud log: {state / 'local-cloud.log'}", flush=True)
    started = start_local_cloud(state)
    try:
        yield started, started.process.pid
    finally:
        started.stop()


def listener_pid(port: int) -> int:
    """The pid of the process listening on 127.0.0.1:`port` (the running `make dev`'s API; 0 when there is none).
    Found by the listening socket, so another `make dev` on the machine (other ports) is never measured instead."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                inodes.add(f"socket:[{inode}]")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (entry / "fd").iterdir()):
                return int(entry.name)
        except OSError:
            continue
    return 0


def rss_mb(pid: int) -> float:
    """Resident memory of one process (the local cloud: moto, the gateway and the table live there)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


CLIENT_TIMEOUT_S = 120  # a slow answer is a measurement, not a crash of the benchmark


@dataclass
class Timings:
    """Latencies (ms) and statuses of one kind of request (status 0: no answer, e.g. not within CLIENT_TIMEOUT_S)."""

    ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)

    def record(self, started: float, answer: httpx.Response) -> None:
        self.ms.append((time.perf_counter() - started) * 1000)
        self.statuses[answer.status_code] = self.statuses.get(answer.status_code, 0) + 1
        if answer.status_code >= 400:
            code = _error_code(answer)
            self.codes[code] = self.codes.get(code, 0) + 1

    def no_answer(self, started: float) -> None:
        self.ms.append((time.perf_counter() - started) * 1000)
        self.statuses[0] = self.statuses.get(0, 0) + 1

    @property
    def server_errors(self) -> int:
        """5xx answers, and requests that got no answer at all (as bad for the client)."""
        return sum(count for status, count in self.statuses.items() if status >= 500 or status == 0)

    def percentile(self, p: float) -> float:
        if not self.ms:
            return float("nan")
        if len(self.ms) == 1:
            return self.ms[0]
        return statistics.quantiles(self.ms, n=100, method="inclusive")[int(p) - 1]


def _error_code(answer: httpx.Response) -> str:
    try:
        return str(answer.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP{answer.status_code}"


def call(user: User, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """The user's request with the benchmark's patience (CLIENT_TIMEOUT_S)."""
    headers = {"authorization": f"Bearer {user.token}", **kwargs.pop("headers", {})}
    with httpx.Client(base_url=user.cloud.api_url, timeout=CLIENT_TIMEOUT_S) as http:
        return http.request(method, path, headers=headers, **kwargs)


def timed(timings: Timings, user: User, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
    """The request, timed and counted; None when no answer came in time."""
    started = time.perf_counter()
    try:
        answer = call(user, method, path, **kwargs)
    except httpx.TransportError:  # no answer in time, or the local cloud is gone
        timings.no_answer(started)
        return None
    timings.record(started, answer)
    return answer
