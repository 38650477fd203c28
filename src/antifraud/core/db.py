"""Database engine, session scope, declarative Base and column types shared by all capabilities."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, Numeric, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from antifraud.core.clock import UTC
from antifraud.core.money import CENT

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every table."""

    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC; SQLite's naive values come back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """Yuan with two decimal places, exact on every backend (SQLite included)."""

    impl = Numeric(16, 2, asdecimal=True)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> Any:
        if value is None:
            return None
        quantized = Decimal(value).quantize(CENT)
        # SQLite has no decimal type: store integer fen so sums stay exact.
        return int(quantized * 100) if dialect.name == "sqlite" else quantized

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)
        return Decimal(value).quantize(CENT)


def money_from_sum(value: Decimal | None) -> Decimal:
    """A SUM over a Money column (already converted by the column type), 0.00 when empty."""
    return Decimal("0.00") if value is None else Decimal(value).quantize(CENT)


JSONType = JSON

log = logging.getLogger(__name__)
_lock = threading.Lock()
_engines: dict[str, Engine] = {}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


# Connections beyond the request threads: NiceGUI's io_bound pool (a default ThreadPoolExecutor,
# min(32, cores + 4) threads), the outbox relay, the signal consumer and the health check.
EXTRA_CONNECTIONS = min(32, (os.cpu_count() or 1) + 4) + 4
DEFAULT_WORKER_THREADS = 8  # Settings.worker_threads overrides it


def make_engine(url: str, worker_threads: int = DEFAULT_WORKER_THREADS) -> Engine:
    """Create an engine whose pool has a connection for every thread that may use it at once.

    SQLite gets WAL, foreign keys and a busy timeout on every connection. Parameters are never
    written into logged SQL or error messages: they hold victims' names, phones and ID numbers.
    """
    pool = {"pool_size": worker_threads + EXTRA_CONNECTIONS, "max_overflow": 0, "pool_timeout": 30}
    if url.startswith("sqlite"):
        if ":memory:" in url or url in ("sqlite://", "sqlite+pysqlite://"):
            pool = {}  # one in-memory database per connection: SQLAlchemy's own single-connection pool
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               hide_parameters=True, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **pool)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for the configured database URL."""
    from antifraud.settings import get_settings

    threads = get_settings().worker_threads
    if url is None:
        url = get_settings().resolved_database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite:///"):
                from pathlib import Path

                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            engine = make_engine(url, threads)
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    """Close all pooled connections and the long-poll listeners (tests, shutdown)."""
    from antifraud.core.longpoll import stop_listening

    stop_listening()
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


_factories: dict[int, sessionmaker[Session]] = {}
_WRITER = "antifraud_sqlite_writer"
_HOOKED = "antifraud_sqlite_writer_hooks"
WRITER_WAIT_SECONDS = 30.0


_writer_locks: dict[int, threading.Lock] = {}


def hold_sqlite_writer(session: Session) -> None:
    """Take this process's SQLite writer lock for the session's transaction (no-op elsewhere or if held).

    Code that writes through the connection rather than the ORM (so no flush announces it) calls this
    before its first write, so it queues with the other writers instead of deadlocking against them.
    """
    lock = _writer_locks.get(id(session.get_bind()))
    # Only sessions of session_scope's factory give the lock back when their transaction ends.
    if lock is not None and session.info.get(_HOOKED) and _WRITER not in session.info:
        # Not forever: past the wait, SQLite's own busy timeout decides.
        session.info[_WRITER] = lock if lock.acquire(timeout=WRITER_WAIT_SECONDS) else None


def _serialise_writers(factory: sessionmaker[Session], engine: Engine) -> None:
    """SQLite has one writer at a time: this process's writers queue on a lock instead of the busy handler.

    SQLite's busy handler retries with growing sleeps, so under many concurrent writers some wait out the
    busy timeout and fail with `database is locked` while others pass; a lock wakes the next writer at
    once. A session takes it at its first write and gives it back when its transaction ends. Other
    processes (the CLI) still meet the busy timeout.
    """
    _writer_locks[id(engine)] = threading.Lock()
    take = hold_sqlite_writer

    def before_flush(session: Session, *_: Any) -> None:
        take(session)

    def on_execute(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            take(state.session)

    def on_end(session: Session, transaction: Any) -> None:
        if transaction.parent is None and _WRITER in session.info:
            held = session.info.pop(_WRITER)
            if held is not None:
                held.release()

    event.listen(factory, "before_flush", before_flush)
    event.listen(factory, "do_orm_execute", on_execute)
    event.listen(factory, "after_transaction_end", on_end)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    engine = engine or get_engine()
    factory = _factories.get(id(engine))
    if factory is None:
        sqlite = engine.dialect.name == "sqlite"
        factory = sessionmaker(bind=engine, expire_on_commit=False, info={_HOOKED: True} if sqlite else None)
        if sqlite:
            _serialise_writers(factory, engine)
        _factories[id(engine)] = factory
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        session.close()
        raise
    try:
        session.close()
    except Exception:  # committed already: a failure to return the connection is not the caller's failure
        log.exception("closing a committed session failed")
