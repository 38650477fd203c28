"""In-process publish/subscribe for live UI updates, published only after a commit succeeds.

Services call `publish_after_commit(session, topic, payload)`; subscribers (UI pages, the
outbox relay) are told once the transaction is durable, so nobody sees an event for data that
was rolled back. Each topic also keeps a version counter that pages poll cheaply.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

Subscriber = Callable[[str, dict[str, Any]], None]

_lock = threading.Lock()
_subscribers: dict[str, list[Subscriber]] = defaultdict(list)
_versions: dict[str, int] = defaultdict(int)
_PENDING_KEY = "antifraud_pending_events"


def subscribe(topic: str, callback: Subscriber) -> Callable[[], None]:
    """Register a callback for a topic; returns a function that unsubscribes."""
    with _lock:
        _subscribers[topic].append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers[topic]:
                _subscribers[topic].remove(callback)

    return unsubscribe


def version(topic: str) -> int:
    """How many events the topic has seen in this process (cheap change detection)."""
    return _versions[topic]


def publish(topic: str, payload: dict[str, Any]) -> None:
    """Deliver an event now to the topic's subscribers; a failing subscriber is logged, not fatal."""
    with _lock:
        _versions[topic] += 1
        callbacks = list(_subscribers[topic])
    for callback in callbacks:
        try:
            callback(topic, payload)
        except Exception:  # a broken listener must not break the writer
            log.exception("event subscriber failed on %s", topic)


def publish_after_commit(session: Session, topic: str, payload: dict[str, Any]) -> None:
    """Queue an event to be published when (and only if) the session commits."""
    pending: list[tuple[str, dict[str, Any]]] = session.info.setdefault(_PENDING_KEY, [])
    pending.append((topic, payload))


@event.listens_for(Session, "after_commit")
def _flush_events(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, [])
    for topic, payload in pending:
        try:
            publish(topic, payload)
        except Exception:  # the data is committed: a failed notification must not report the write as failed
            log.exception("publishing %s after commit failed", topic)


@event.listens_for(Session, "after_rollback")
def _drop_events(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
