"""A real `antifraud serve` process on a fresh database, for the crash and load benchmarks.

The database is made by the platform's own commands (`antifraud db upgrade`, `antifraud users create`);
the server is started, killed and restarted as an operator would, and clients talk HTTP to it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PASSWORD = "bench-password-42"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def fresh_database(kind: str, pg_url: str = DEFAULT_PG) -> Iterator[str]:
    """A new empty database: a SQLite file in a temporary folder, or a uniquely named PostgreSQL one."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="antifraud-bench-"))
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    name = f"antifraud_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(pg_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def platform_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of the platform's commands on this database (cheap password hashing)."""
    return dict(os.environ, ANTIFRAUD_DATABASE_URL=url, ANTIFRAUD_ARGON2_TIME_COST="1",
                ANTIFRAUD_ARGON2_MEMORY_KIB="8192", ANTIFRAUD_ARGON2_PARALLELISM="1",
                ANTIFRAUD_SECRET_KEY="bench-secret", **extra)


def cli(env: dict[str, str], *args: str) -> None:
    """Run an `antifraud` command; its error output is shown if it fails."""
    done = subprocess.run([sys.executable, "-m", "antifraud.cli", *args], check=False, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"antifraud {' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")


def prepare(url: str, users: list[tuple[str, str, str]]) -> dict[str, str]:
    """Migrate the database and create (username, role, org) users with the CLI; returns the env."""
    env = platform_env(url)
    cli(env, "db", "upgrade")
    # Each command pays the platform's import time, so the users are created by concurrent commands.
    commands = [[sys.executable, "-m", "antifraud.cli", "users", "create", "--username", username,
                 "--password", PASSWORD, "--role", role, "--org", org] for username, role, org in users]
    running = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for c in commands]
    for process, (username, _, _) in zip(running, users, strict=True):
        output = process.communicate()[0].decode(errors="replace").strip()
        if process.returncode != 0:
            raise SystemExit(f"antifraud users create {username} failed: {output}")
    return env


class Server:
    """One `antifraud serve` process; `kill()` is SIGKILL, as a crash would be."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> None:
        """Start the server and wait until /healthz answers 200."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "antifraud.cli", "serve", "--port", str(self.port)], env=self.env,
                cwd=self.log.parent, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """An orderly stop (SIGTERM), then SIGKILL if it hangs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def token(base: str, username: str) -> dict[str, str]:
    """Sign in a benchmark user; its bearer header."""
    r = httpx.post(f"{base}/api/v1/token", data={"username": username, "password": PASSWORD}, timeout=30)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of the values; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
