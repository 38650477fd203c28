"""Signals arriving as a stream: an in-process queue by default, NATS JetStream when configured.

Either way a batch is handed to the same `do_ingest_signals` use case in one transaction, and a message is
acknowledged only after that commit, so a crash redelivers rather than loses; replayed signal ids
are skipped by `do_ingest_signals`, so redelivery creates nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable

from antifraud.core.auth import SYSTEM, Principal
from antifraud.core.db import session_scope
from antifraud.warnings import service
from antifraud.warnings.schemas import IngestOut

log = logging.getLogger(__name__)
STREAM = "SIGNALS"
SUBJECT = "antifraud.signals"
DURABLE = "antifraud-ingest"


def ingest_lines(lines: list[str], source: str, principal: Principal = SYSTEM) -> IngestOut:
    """One transaction for one batch of NDJSON lines."""
    with session_scope() as session:
        return service.do_ingest_signals(session, principal, lines, source)


class InProcessQueue:
    """The embedded default: producers `put` NDJSON lines; a worker thread ingests them in batches."""

    def __init__(self, batch_size: int = 500, on_batch: Callable[[IngestOut], None] | None = None) -> None:
        self.batch_size, self.on_batch = batch_size, on_batch
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="antifraud-signal-queue", daemon=True)

    def start(self) -> None:
        """Start the worker."""
        self._thread.start()

    def put(self, line: str) -> None:
        """Queue one NDJSON line."""
        self._queue.put(line)

    def stop(self) -> None:
        """Finish what is queued, then stop."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        done = False
        while not done:
            batch: list[str] = []
            item = self._queue.get()
            while item is not None:
                batch.append(item)
                if len(batch) >= self.batch_size:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            done = item is None
            if batch:
                try:
                    out = ingest_lines(batch, "queue")
                    if self.on_batch:
                        self.on_batch(out)
                except Exception:
                    log.exception("signal batch failed")


async def ensure_stream(js: object) -> None:
    """Create the JetStream stream for signals if it does not exist."""
    from nats.js.api import StreamConfig
    from nats.js.errors import NotFoundError

    try:
        await js.stream_info(STREAM)  # type: ignore[attr-defined]
    except NotFoundError:
        await js.add_stream(StreamConfig(name=STREAM, subjects=[f"{SUBJECT}.>", SUBJECT]))  # type: ignore[attr-defined]


async def publish(url: str, lines: list[str], subject: str = SUBJECT) -> int:
    """Publish NDJSON lines to JetStream (used by senders and tests); returns how many were stored."""
    import nats

    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_stream(js)
        for line in lines:
            await js.publish(subject, line.encode())
        return len(lines)
    finally:
        await nc.close()


async def consume(url: str, stop: asyncio.Event, batch: int = 500, timeout: float = 1.0,
                  on_batch: Callable[[IngestOut], None] | None = None, subject: str = SUBJECT,
                  durable: str = DURABLE) -> None:
    """Pull signals from JetStream in batches until `stop` is set; ack each batch after it committed."""
    import nats
    from nats.errors import TimeoutError as NatsTimeout

    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_stream(js)
        sub = await js.pull_subscribe(subject, durable=durable, stream=STREAM)
        while not stop.is_set():
            try:
                msgs = await sub.fetch(batch, timeout=timeout)
            except NatsTimeout:
                continue
            lines = [m.data.decode("utf-8", errors="replace") for m in msgs]
            out = await asyncio.to_thread(ingest_lines, lines, "nats")
            for m in msgs:
                await m.ack()
            if on_batch:
                on_batch(out)
    finally:
        await nc.close()


class NatsConsumer:
    """Runs `consume` in its own thread and event loop (the web server's loop stays free)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._thread = threading.Thread(target=self._run, name="antifraud-nats", daemon=True)

    def start(self) -> None:
        """Start consuming."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current fetch."""
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(consume(self.url, self._stop))
        except Exception:
            log.exception("NATS consumer stopped")
