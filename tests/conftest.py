"""Test database set-up: every run starts from an empty database it creates itself.

SQLite file in a temporary folder by default; PostgreSQL when ANTIFRAUD_TEST_DATABASE_URL points at
a server (a fresh database is created there and dropped afterwards).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("ANTIFRAUD_SECRET_KEY", "test-secret")
# Argon2id stays memory-hard in tests, at a cost that keeps hundreds of sign-ins fast.
os.environ.setdefault("ANTIFRAUD_ARGON2_TIME_COST", "1")
os.environ.setdefault("ANTIFRAUD_ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ANTIFRAUD_ARGON2_PARALLELISM", "1")


def _create_postgres_database(server_url: str) -> tuple[str, str]:
    """Create a uniquely named database on the server; returns (its URL, its name)."""
    url = make_url(server_url)
    name = f"antifraud_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(server_url: str, name: str) -> None:
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, migrated, seeded database for this test run; its URL is also the platform's."""
    server = os.environ.get("ANTIFRAUD_TEST_DATABASE_URL")
    dropped: str | None = None
    if server:
        url, dropped = _create_postgres_database(server)
    else:
        path: Path = tmp_path_factory.mktemp("db") / "antifraud-test.db"
        url = f"sqlite:///{path}"
    os.environ["ANTIFRAUD_DATABASE_URL"] = url
    # files the platform keeps (a case's attachments) go to the run's own folder, never the user's data
    os.environ["ANTIFRAUD_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    from antifraud.settings import reset_settings

    reset_settings()
    from antifraud.bootstrap import upgrade_database
    from antifraud.core.db import dispose_engines, get_engine

    upgrade_database(get_engine())
    yield url
    from antifraud.jobs.service import RUNNER

    RUNNER.stop()  # a job queued by a test started it; it must not poll a database that is gone
    dispose_engines()
    if server and dropped:
        _drop_postgres_database(server, dropped)


@pytest.fixture(autouse=True)
def _use_database(database_url: str) -> None:
    """Every test runs against the session's database."""


class _ErrorRecords(logging.Handler):
    """Keeps every record at ERROR or above that the platform or its server logs during a test."""

    WATCHED = ("antifraud", "uvicorn", "nicegui", "fastapi", "starlette", "sqlalchemy")

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in self.WATCHED or record.name == "root":
            self.records.append(record)


@pytest.fixture(autouse=True)
def _no_error_logged(request: pytest.FixtureRequest) -> Iterator[None]:
    """An error logged by the server during a test fails it (mark ``logs_errors`` where one is expected)."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("logs_errors") is None:
        lines = [f"{r.name}: {r.getMessage()}" for r in handler.records[:5]]
        pytest.fail("the server logged errors during the test:\n" + "\n".join(lines), pytrace=False)


@pytest.fixture
def engine(database_url: str):  # type: ignore[no-untyped-def]
    """The platform's engine on the test database."""
    from antifraud.core.db import get_engine

    return get_engine()


@pytest.fixture
def make_user(database_url: str):  # type: ignore[no-untyped-def]
    """Create a user with a unique name; returns (username, password, principal)."""
    from antifraud.core.db import session_scope
    from antifraud.orgs.service import do_create_user, principal_of

    def make(role: str, org: str = "JH") -> tuple[str, str, object]:
        username = f"{role}-{org}-{uuid.uuid4().hex[:6]}".lower()
        password = "correct-horse-42"
        with session_scope() as session:
            user = do_create_user(session, username, password, role, org)
            principal = principal_of(user)
        return username, password, principal

    return make


@pytest.fixture
def api(database_url: str):  # type: ignore[no-untyped-def]
    """The real API application behind a test client."""
    from fastapi.testclient import TestClient

    from antifraud.web.app import create_api
    from tests.api_client import Api

    with TestClient(create_api()) as client:
        yield Api(client)


@pytest.fixture
def login(api, make_user):  # type: ignore[no-untyped-def]
    """Headers of a fresh user of a role in an organisation."""

    def make(role: str, org: str = "JH") -> dict[str, str]:
        username, password, _ = make_user(role, org)
        return api.as_user(username, password)

    return make
