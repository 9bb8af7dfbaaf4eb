"""Shared parts of the benchmark scripts: a fresh database with an organiser token and
an eventday server (or several processes with Redis), started by ``eventday.harness``
as the tests start theirs, a tiny JSON-over-HTTP client, and CPU/memory readings of a
process tree from /proc, and py-spy on a server."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from eventday.clock import utcnow
from eventday.harness import EventdayServer
from eventday.harness import RedisServer as RedisServer  # the benchmarks' Redis
from eventday.harness import free_port as free_port

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-secret-key-0123456789-abcdefghij"


def raise_fd_limit() -> int:
    """Lift the soft open-files limit to the hard one (thousands of sockets)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    packages = {}
    for name in ("litestar", "uvicorn", "websockets", "msgspec", "aiosqlite", "uvloop", "redis"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "system": platform.platform(),
        "packages": packages,
        # Other work on the machine skews the numbers; recorded with them.
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


# --- /proc readings -------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_bytes(pid: int) -> int:
    total = 0
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def sockets_per_process(pid: int) -> list[int]:
    """Open sockets of each process in the tree that has more than a handful (the
    server processes holding the participants' connections), most first."""
    counts = []
    for member in process_tree(pid):
        try:
            links = [os.readlink(f) for f in Path(f"/proc/{member}/fd").iterdir()]
        except OSError:
            continue
        sockets = sum(1 for link in links if link.startswith("socket:"))
        if sockets > 10:
            counts.append(sockets)
    return sorted(counts, reverse=True)


def machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine since boot, every core summed."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


# --- HTTP ---------------------------------------------------------------------------------


def call(url: str, method: str = "GET", body: Any = None, token: str = "") -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


async def http_posts(
    host: str, port: int, path: str, bodies: list[bytes], connections: int, token: str = ""
) -> list[tuple[int, float, Any]]:
    """POST each body (JSON, or empty) to ``path`` over ``connections`` keep-alive
    connections; returns (status, seconds, decoded answer) per request. A minimal
    HTTP/1.1 client: cheap enough that the load generator is not the limit."""
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    results: list[tuple[int, float, Any]] = []
    queue = list(reversed(bodies))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while queue:
                body = queue.pop()
                kind = "Content-Type: application/json\r\n" if body else ""
                head_out = (
                    f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}{kind}"
                    f"Content-Length: {len(body)}\r\n\r\n"
                )
                began = time.perf_counter()
                writer.write(head_out.encode() + body)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                status = int(head.split(b" ", 2)[1])
                answer = await reader.readexactly(length)
                results.append((status, time.perf_counter() - began, json.loads(answer or b"null")))
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(min(connections, len(bodies)))))
    return results


async def post_many(host: str, port: int, path: str, count: int, connections: int) -> list[Any]:
    """``count`` body-less POSTs to ``path``; raises on any refused request."""
    results = await http_posts(host, port, path, [b""] * count, connections)
    for status, _seconds, answer in results:
        if status >= 300:
            raise RuntimeError(f"POST {path}: {status} {answer!r}")
    return [answer for _status, _seconds, answer in results]


# --- servers ------------------------------------------------------------------------------


class Eventday(EventdayServer):
    """``eventday serve`` on a fresh database with an organiser and an API token."""

    def __init__(self, workers: int = 1, redis_url: str = "", **env: str) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="eventday-bench-"))
        super().__init__(
            self.directory / "bench.db",
            workers=workers,
            env={
                "PYTHONPATH": str(ROOT / "src"),
                "EVENTDAY_SECRET_KEY": SECRET,
                "EVENTDAY_REDIS_URL": redis_url,
                **{f"EVENTDAY_{key.upper()}": value for key, value in env.items()},
            },
        )
        self.add_account("bench@example.se", "organiser", "benchmark-password")
        self.token = self.api_token("bench@example.se")

    def api(self, method: str, path: str, body: Any = None) -> Any:
        return call(self.url + path, method, body, self.token)

    def create_event(self) -> dict[str, Any]:
        starts = utcnow().replace(microsecond=0)
        event: dict[str, Any] = self.api(
            "POST",
            "/api/v1/events",
            {
                "name": "Benchmark",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
            },
        )
        return event

    def open_activity(self, slug: str, **body: Any) -> int:
        base = f"/api/v1/events/{slug}/live/activities"
        activity = self.api("POST", base, body)
        self.api("POST", f"{base}/{activity['id']}/open")
        return int(activity["id"])

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


# --- profiling ----------------------------------------------------------------------------


def py_spy(pid: int, output: Path) -> Any:
    """py-spy recording the server's process tree (raw collapsed stacks) until stopped."""
    command = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    options = ["--subprocesses", "--format", "raw", "--nonblocking", "-o", str(output)]
    return subprocess.Popen(
        [command, "record", "--pid", str(pid), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_py_spy(profiler: Any) -> None:
    if profiler:
        profiler.send_signal(2)
        profiler.wait(timeout=60)
