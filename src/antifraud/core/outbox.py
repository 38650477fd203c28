"""The transactional outbox: a message is written with the change that caused it and delivered later.

A message exists only if its transaction committed; the relay marks it delivered only after the
receiver answered 2xx, and receivers accept each key once. So a crash or a receiver that is down
loses nothing and delivers nothing twice. Each topic's owner registers a channel saying where a
destination is (`register_channel`); the outbox itself knows no capability.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from antifraud.core.clock import now
from antifraud.core.db import Base, JSONType, UTCDateTime, session_scope
from antifraud.settings import get_settings

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300


class OutboxMessage(Base):
    """A message committed with the change that caused it, delivered later, retried with backoff."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(96), unique=True)
    topic: Mapped[str] = mapped_column(String(32))
    destination: Mapped[str] = mapped_column(String(32), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


@dataclass(frozen=True)
class Endpoint:
    """Where one destination takes a topic's messages: the URL to POST to and the bearer token to show."""

    url: str
    token: str


Channel = Callable[[Session, str], Endpoint | str]
"""A destination's endpoint for a topic, or why there is none (read in the relay's transaction)."""

_CHANNELS: dict[str, Channel] = {}


def register_channel(topic: str, channel: Channel) -> None:
    """Say how messages of `topic` reach their destinations (called by the topic's owner on import)."""
    _CHANNELS[topic] = channel


def enqueue(session: Session, key: str, topic: str, destination: str, payload: dict[str, Any]) -> OutboxMessage:
    """Queue a message in the caller's transaction; it is sent only if that transaction commits."""
    msg = OutboxMessage(key=key, topic=topic, destination=destination, payload=payload, created_at=now(),
                        attempts=0, next_attempt_at=now())
    session.add(msg)
    return msg


def count_keys(session: Session, first_key: str) -> int:
    """How many messages carry `first_key` or a follow-up key `first_key~n` (ones added in this transaction too)."""
    return session.scalar(select(func.count()).where(
        (OutboxMessage.key == first_key) | OutboxMessage.key.startswith(f"{first_key}~"))) or 0


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1 s, 2 s, 4 s … capped at five minutes."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2 ** max(0, attempts - 1)))


def deliver_due(engine: Engine, client: httpx.Client, limit: int = 100) -> tuple[int, int]:
    """Try every message that is due; returns (delivered, failed)."""
    delivered = failed = 0
    with session_scope(engine) as session:
        due = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.delivered_at.is_(None), OutboxMessage.next_attempt_at <= now(),
            OutboxMessage.attempts < get_settings().outbox_max_attempts)
            .order_by(OutboxMessage.id).limit(limit)))
        endpoints = {(m.topic, m.destination): _endpoint(session, m) for m in due}
    for msg in due:
        ok, error = _send(client, endpoints[(msg.topic, msg.destination)], msg)
        with session_scope(engine) as session:
            row = session.get(OutboxMessage, msg.id)
            if row is None or row.delivered_at is not None:
                continue
            row.attempts += 1
            if ok:
                row.delivered_at, row.last_error = now(), None
                delivered += 1
            else:
                row.next_attempt_at, row.last_error = now() + backoff(row.attempts), error
                failed += 1
    return delivered, failed


def _endpoint(session: Session, msg: OutboxMessage) -> Endpoint | str:
    channel = _CHANNELS.get(msg.topic)
    if channel is None:
        return f"no channel for topic '{msg.topic}'"
    return channel(session, msg.destination)


def _send(client: httpx.Client, endpoint: Endpoint | str, msg: OutboxMessage) -> tuple[bool, str | None]:
    if isinstance(endpoint, str):
        return False, endpoint
    try:
        r = client.post(endpoint.url, json=msg.payload, headers={"Authorization": f"Bearer {endpoint.token}"},
                        timeout=5.0)
    except httpx.HTTPError as exc:
        return False, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= r.status_code < 300:
        return True, None
    return False, f"HTTP {r.status_code}: {r.text[:300]}"


class OutboxRelay:
    """A background thread delivering due outbox messages every `interval` seconds."""

    def __init__(self, engine: Engine, interval: float = 1.0) -> None:
        self.engine, self.interval = engine, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="antifraud-outbox", daemon=True)

    def start(self) -> None:
        """Start delivering."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current round."""
        self._stop.set()

    def _run(self) -> None:
        with httpx.Client() as client:
            while not self._stop.wait(self.interval):
                try:
                    deliver_due(self.engine, client)
                except Exception:  # keep relaying; the cause is logged
                    log.exception("outbox relay round failed")
