"""Shared parts of the benchmark scripts: a fresh database with an organiser token,
an eventday server (or several processes with Redis) in a subprocess, a tiny
JSON-over-HTTP client, and CPU/memory readings of a process tree from /proc."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-secret-key-0123456789-abcdefghij"


def raise_fd_limit() -> int:
    """Lift the soft open-files limit to the hard one (thousands of sockets)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


class Redis:
    """A throwaway redis-server on a free port."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Eventday:
    """``eventday serve`` on a fresh database with an organiser and an API token."""

    def __init__(self, workers: int = 1, redis_url: str = "", **env: str) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="eventday-bench-"))
        self.database = self.directory / "bench.db"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "EVENTDAY_DATABASE": str(self.database),
            "EVENTDAY_BASE_URL": self.url,
            "EVENTDAY_SECRET_KEY": SECRET,
            "EVENTDAY_LOG_LEVEL": "WARNING",
            "EVENTDAY_REDIS_URL": redis_url,
            **{f"EVENTDAY_{key.upper()}": value for key, value in env.items()},
        }
        self.token = self._prepare()
        self.process: subprocess.Popen[bytes] | None = None

    def _prepare(self) -> str:
        script = (
            "import asyncio, sys\n"
            "from eventday.db import Database\n"
            "from eventday.db.migrations import migrate\n"
            "from eventday.accounts import service\n"
            "from eventday.accounts.models import AccountIn, Role\n"
            "async def main():\n"
            "    db = Database(sys.argv[1]); await db.connect(); await migrate(db)\n"
            "    account = await service.create_account(db, AccountIn(email='bench@example.se',"
            " role=Role.ORGANISER, password='benchmark-password'))\n"
            "    print(await service.create_api_token(db, account.id, 'bench'))\n"
            "    await db.close()\n"
            "asyncio.run(main())\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script, str(self.database)],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip().splitlines()[-1]

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "eventday",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("eventday did not start within 60 s")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def api(self, method: str, path: str, body: Any = None) -> Any:
        return call(self.url + path, method, body, self.token)

    def create_event(self) -> dict[str, Any]:
        starts = datetime.now(UTC).replace(microsecond=0)
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

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def median_of(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
