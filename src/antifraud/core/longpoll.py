"""Long-polls: a caller waits for work committed for it, holding no database connection and no thread.

A writer calls `ring_after_commit(session, channel, keys)` inside its transaction (keys name whose work
it is, e.g. an organisation's id). When, and only when, the transaction commits:

* every waiter on one of those keys in this process is woken at once (an asyncio event set from the
  committing thread), and
* on PostgreSQL the transaction has also sent one ``NOTIFY`` (queued by ``pg_notify`` just before its
  commit); the server delivers it at commit to every process listening, and each serving process keeps
  one listening connection (started by its first waiter), so waiters in other processes wake too.

PostgreSQL's own channel was chosen over re-reading the table on a timer: it costs one statement per
transaction that creates work, nothing while nobody files, and wakes other processes within
milliseconds; a timer would cost a query per process per tick and add up to a tick of delay. SQLite
serves from one process, where the in-process ring is the whole story.

A reader takes `version(channel, key)` before it reads, and if what it read is not new to the caller it
awaits `wait(channel, key, since=version, timeout)`, which answers at once when anything rang since:
a commit between the read and the wait is never missed. A wake is a reason to read again; the reading
after the wait is answered either way, so a missed notification costs at most the rest of the wait.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

ANY = "*"  # the key every ring also rings: a waiter on all keys of a channel (police read every queue)
PG_CHANNEL = "antifraud_longpoll"
_PENDING_KEY = "antifraud_longpoll_rings"
_ORIGIN = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # this process, to skip its own notifications

T = TypeVar("T")


class _Bells:
    """Per (channel, key): how many times it rang in this process, and the waiters to wake."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rung: dict[tuple[str, str], int] = defaultdict(int)
        self._waiters: dict[tuple[str, str], set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = (
            defaultdict(set))

    def version(self, channel: str, key: str) -> int:
        with self._lock:
            return self._rung[(channel, key)]

    def ring(self, channel: str, keys: Iterable[str]) -> None:
        with self._lock:
            woken = []
            for key in {*keys, ANY}:
                self._rung[(channel, key)] += 1
                woken += self._waiters.get((channel, key), ())
        for loop, bell in woken:
            try:
                loop.call_soon_threadsafe(bell.set)
            except RuntimeError:  # the waiter's loop has closed: nobody is waiting there any more
                pass

    def ring_everything(self) -> None:
        """Wake every waiter of every channel (notifications may have been missed)."""
        with self._lock:
            waiting: dict[str, list[str]] = defaultdict(list)
            for channel, key in self._waiters:
                waiting[channel].append(key)
        for channel, keys in waiting.items():
            self.ring(channel, keys)

    async def wait(self, channel: str, key: str, since: int, timeout: float) -> bool:
        bell = asyncio.Event()
        entry = (asyncio.get_running_loop(), bell)
        with self._lock:
            if self._rung[(channel, key)] != since:
                return True
            self._waiters[(channel, key)].add(entry)
        try:
            await asyncio.wait_for(bell.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            with self._lock:
                waiting = self._waiters[(channel, key)]
                waiting.discard(entry)
                if not waiting:
                    del self._waiters[(channel, key)]


_bells = _Bells()
_closing = threading.Event()  # the process is stopping: waits end at once


def release_all() -> None:
    """The process is stopping: every waiting long-poll answers now, and new ones do not wait.

    Otherwise a graceful stop waits for every open long-poll to run out (up to a minute).
    """
    _closing.set()
    _bells.ring_everything()


def version(channel: str, key: str) -> int:
    """How many times (channel, key) rang in this process; read it before reading what a waiter waits for."""
    return _bells.version(channel, key)


async def wait(channel: str, key: str, since: int, timeout: float) -> bool:
    """Wait until (channel, key) rings after `since` (its version), at most `timeout` s; False on timeout."""
    if _closing.is_set():
        return False
    return await _bells.wait(channel, key, since, timeout)


def ring(channel: str, keys: Iterable[str]) -> None:
    """Wake this process's waiters on these keys (and on ANY) now; writers use `ring_after_commit`."""
    _bells.ring(channel, keys)


def ring_after_commit(session: Session, channel: str, keys: Iterable[str]) -> None:
    """Wake the waiters on these keys, in every process, once the session's transaction commits."""
    pending: dict[str, set[str]] = session.info.setdefault(_PENDING_KEY, {})
    pending.setdefault(channel, set()).update(keys)


# insert=True: before the audit chain's listener takes its lock, so the NOTIFY is not sent inside it
@event.listens_for(Session, "before_commit", insert=True)
def _notify_other_processes(session: Session) -> None:
    pending: dict[str, set[str]] | None = session.info.get(_PENDING_KEY)
    if not pending or session.get_bind().dialect.name != "postgresql":
        return
    # One NOTIFY per transaction, whatever it created; PostgreSQL sends it at commit, never on rollback.
    payload = ";".join(f"{channel}:{','.join(sorted(keys))}" for channel, keys in pending.items())
    session.connection().execute(text("SELECT pg_notify(:channel, :payload)"),
                                 {"channel": PG_CHANNEL, "payload": f"{_ORIGIN}|{payload}"})


@event.listens_for(Session, "after_commit")
def _ring_here(session: Session) -> None:
    for channel, keys in session.info.pop(_PENDING_KEY, {}).items():
        try:
            _bells.ring(channel, keys)
        except Exception:  # committed already: a failed wake-up must not report the write as failed
            log.exception("waking the waiters of %s failed", channel)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


def _ring_from_notification(payload: str) -> None:
    """Ring the keys a NOTIFY names, unless this process sent it (it rang them itself at commit)."""
    origin, _, body = payload.partition("|")
    if origin == _ORIGIN:
        return
    for part in body.split(";"):
        channel, _, keys = part.partition(":")
        if channel:
            _bells.ring(channel, [k for k in keys.split(",") if k])


class _Listener:
    """One PostgreSQL connection per process, outside the pool, listening for other processes' commits."""

    RECONNECT_SECONDS = 2.0

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.stopping = threading.Event()
        self.listening = threading.Event()
        self.thread = threading.Thread(target=self._run, name="longpoll-listener", daemon=True)

    def _connect(self) -> Any:
        args, kwargs = self.engine.dialect.create_connect_args(self.engine.url)
        return self.engine.dialect.loaded_dbapi.connect(*args, **kwargs, autocommit=True)

    def _run(self) -> None:
        lost = (self.engine.dialect.loaded_dbapi.Error, OSError)
        while not self.stopping.is_set():
            try:
                with self._connect() as conn:
                    conn.execute(f"LISTEN {PG_CHANNEL}")
                    self.listening.set()
                    _bells.ring_everything()  # what committed while nobody listened is read again
                    while not self.stopping.is_set():
                        for note in conn.notifies(timeout=1.0):
                            _ring_from_notification(note.payload)
            except lost as exc:  # the database went away: wake everyone to read again, then reconnect
                self.listening.clear()
                if self.stopping.is_set():
                    return
                log.warning("long-poll listener lost its connection (%s); reconnecting", type(exc).__name__)
                _bells.ring_everything()
                time.sleep(self.RECONNECT_SECONDS)
        self.listening.clear()


_listeners: dict[str, _Listener] = {}
_listeners_lock = threading.Lock()


def listen(engine: Engine) -> None:
    """Make sure this process hears other processes' commits on this database (PostgreSQL; else nothing)."""
    if engine.dialect.name != "postgresql":
        return
    key = engine.url.render_as_string(hide_password=False)
    with _listeners_lock:
        if key in _listeners:
            return
        listener = _listeners[key] = _Listener(engine)
    # Not waited for: once connected it wakes every waiter to read again, so nothing committed before is lost.
    listener.thread.start()


def stop_listening() -> None:
    """Close every listening connection (tests dropping their database, shutdown)."""
    with _listeners_lock:
        listeners = list(_listeners.values())
        _listeners.clear()
    for listener in listeners:
        listener.stopping.set()
    for listener in listeners:
        listener.thread.join(timeout=5.0)


@dataclass(frozen=True)
class Reading(Generic[T]):
    """What a long-poll read: the answer, whose queue it is, the queue's version before the read, and
    whether the answer holds something the caller has not seen yet."""

    answer: T
    channel: str
    key: str
    version: int
    news: bool


async def long_poll(read: Callable[[], Awaitable[Reading[T]]], first: Reading[T], seconds: float,
                    share: Hashable = None) -> Reading[T]:
    """The first reading if it has news; else a new reading once its queue rings or `seconds` are up.

    A ring means work for that key was committed since the first reading, so the reading after it is
    answered whatever it holds (a request that committed after a newer one the caller has already seen
    is in it); a reading after the time is up is current, and holds nothing new unless a ring was missed.
    Callers that would read the same thing (`share`, e.g. the query's parameters; the key is added) and
    wake on the same ring share one reading instead of each reading the database.
    """
    if first.news:
        return first
    await wait(first.channel, first.key, first.version, seconds)
    if share is None:
        return await read()
    return await _read_shared((first.channel, first.key, share), read)


_shared: dict[tuple[asyncio.AbstractEventLoop, Hashable], tuple[int, asyncio.Future[Any]]] = {}


async def _read_shared(share: tuple[str, str, Hashable], read: Callable[[], Awaitable[Reading[T]]]) -> Reading[T]:
    """One reading for every caller of this event loop asking after the same ring: a reading started
    once (channel, key) had rung `n` times sees every commit behind those rings."""
    channel, key, _ = share
    slot = (asyncio.get_running_loop(), share)
    rung = version(channel, key)
    entry = _shared.get(slot)
    if entry is None or entry[0] < rung:
        entry = (rung, asyncio.ensure_future(read()))
        _shared[slot] = entry

        def forget(_: asyncio.Future[Any], mine: tuple[int, asyncio.Future[Any]] = entry) -> None:
            if _shared.get(slot) is mine:
                del _shared[slot]

        entry[1].add_done_callback(forget)
    result: Reading[T] = await asyncio.shield(entry[1])
    return result
