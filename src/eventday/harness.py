"""Real servers on this machine, for the tests and the benchmarks alike: ``eventday
serve`` in its own process on a free port, and a throwaway ``redis-server``.

This is the one way both start them (``tests/`` and ``scripts/bench_*.py`` import it),
so a fix to starting, waiting or stopping reaches every suite at once. Nothing here is
used by the server itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

from eventday.clock import utcnow


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listeners(port: int) -> int:
    """Sockets listening on ``port`` on this machine (each worker of ``eventday serve
    --workers N`` has one)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in lines.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                count += state == "0A" and int(local.rsplit(":", 1)[1], 16) == port
    return count


def _wait(ready: str, check: object, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll ``check`` until it stops raising OSError; fail early if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{ready} exited with status {process.returncode} before it was ready"
            )
        try:
            check()  # type: ignore[operator]
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{ready} was not ready within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM, then SIGKILL if it has not ended after ``grace`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """redis-server on a free port, keeping nothing on disk."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait(
            "redis-server",
            lambda: socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close(),
            self.process,
            timeout=10,
        )

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process, grace=10)
            self.process = None


class EventdayServer:
    """``eventday serve`` on ``database`` in a process of its own.

    ``env`` adds or overrides ``EVENTDAY_*`` variables (and any other); the command-line
    helpers (``cli``, ``seed_demo``, ``api_token``) run with the same environment, so
    they see the same database and settings as the server.

    ``clock_shift`` moves the clock of the server and of those helpers by that much from
    the real time (it runs on from there), so a test can place the server at the hour
    of day it needs; it needs time-machine (a test dependency) and one worker.
    """

    def __init__(
        self,
        database: Path,
        port: int | None = None,
        *,
        workers: int = 1,
        env: Mapping[str, str] | None = None,
        clock_shift: timedelta = timedelta(0),
    ) -> None:
        if clock_shift and workers != 1:
            raise ValueError("a shifted clock reaches one worker only")
        self.database = database
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.extra_env = dict(env or {})
        self.clock_shift = clock_shift
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str) -> list[str]:
        """``eventday <args>`` as this machine runs it, on the shifted clock if any."""
        if not self.clock_shift:
            return [sys.executable, "-m", "eventday", *args]
        seconds = str(self.clock_shift.total_seconds())
        return [sys.executable, "-m", "eventday.harness", seconds, *args]

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "EVENTDAY_DATABASE": str(self.database),
            "EVENTDAY_BASE_URL": self.url,
            "EVENTDAY_LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """Run ``eventday <args>`` against this server's database; returns its output."""
        result = subprocess.run(
            self.command(*args),
            env=self.env(),
            input=stdin,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def seed_demo(self) -> str:
        """Seed the demo day; returns the banner the demo prints."""
        return self.cli("demo", "--no-serve", "--database", str(self.database))

    def add_account(self, email: str, role: str, password: str) -> None:
        self.cli(
            "user", "add", "--email", email, "--role", role, "--password-stdin",
            stdin=password + "\n",
        )  # fmt: skip

    def api_token(self, email: str) -> str:
        """A new API token of an existing account."""
        return self.cli("user", "token", "--email", email).strip().splitlines()[-1]

    def start(self, timeout: float = 60) -> None:
        self.process = subprocess.Popen(
            self.command("serve", "--port", str(self.port), "--workers", str(self.workers)),
            env=self.env(),
        )
        _wait("eventday", self._ready, self.process, timeout)

    def _ready(self) -> None:
        """Raises OSError until every worker listens (each has its own socket) and the
        server answers."""
        if listeners(self.port) < self.workers:
            raise OSError("not every worker is listening yet")
        urllib.request.urlopen(self.url + "/healthz", timeout=1).close()

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def stop(self) -> None:
        """End it as an operator would (SIGTERM: connections close, the outbox stops)."""
        if self.process is not None:
            _stop(self.process, grace=30)
            self.process = None

    def kill(self) -> None:
        """End it as a crash would (SIGKILL: nothing gets to clean up)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None


def run_shifted(seconds: float, args: Sequence[str]) -> None:
    """Run ``eventday <args>`` with the clock moved ``seconds`` from the real time."""
    import time_machine

    from eventday.cli import main

    moment = utcnow() + timedelta(seconds=seconds)
    with time_machine.travel(moment, tick=True):
        sys.argv = ["eventday", *args]
        main()


if __name__ == "__main__":
    run_shifted(float(sys.argv[1]), sys.argv[2:])
