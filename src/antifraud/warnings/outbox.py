"""Transactional outbox to peer centers: written with the warning, delivered later, retried with backoff.

A message exists only if the warning committed; the relay marks it delivered only after the peer
answered 2xx; the peer accepts each key once. So a crash or a peer that is down loses nothing and
delivers nothing twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.settings import get_settings
from antifraud.warnings.models import FraudWarning, OutboxMessage, PeerCenter

log = logging.getLogger(__name__)
TOPIC = "peer_warning"
PEER_PATH = "/api/v1/peer/warnings"
MAX_BACKOFF_SECONDS = 300


def enqueue_warning(session: Session, warning: FraudWarning, peer: PeerCenter, update: bool = False
                    ) -> OutboxMessage:
    """Queue a warning for the center owning the citizen's region, in the warning's own transaction.

    `update`: the warning was pushed before and has grown stronger; the message carries its new
    state under a key of its own and names the first message's key in `updates`.
    """
    settings = get_settings()
    first_key = f"{settings.city_code}:{warning.warning_no}"
    key = first_key
    if update:  # the n-th message about this warning (autoflush counts ones added in this transaction)
        sent = session.scalar(select(func.count()).where(
            (OutboxMessage.key == first_key) | OutboxMessage.key.startswith(f"{first_key}~"))) or 0
        key = f"{first_key}~{sent}"
    payload = {"key": key, "origin_center": settings.city_code, "citizen": warning.citizen,
               "fraud_type": warning.fraud_type, "score": round(warning.score, 4), "urgency": warning.urgency,
               "reasons": list(warning.reasons), "first_signal_at": warning.first_signal_at.isoformat()}
    if update:
        payload["updates"] = first_key
    msg = OutboxMessage(key=key, topic=TOPIC, destination=peer.code, payload=payload, created_at=now(),
                        attempts=0, next_attempt_at=now())
    session.add(msg)
    return msg


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
        peers = {p.code: p for p in session.scalars(select(PeerCenter))}
    for msg in due:
        ok, error = _send(client, peers.get(msg.destination), msg)
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


def _send(client: httpx.Client, peer: PeerCenter | None, msg: OutboxMessage) -> tuple[bool, str | None]:
    if peer is None or not peer.active:
        return False, f"no active peer center '{msg.destination}'"
    try:
        r = client.post(peer.base_url.rstrip("/") + PEER_PATH, json=msg.payload,
                        headers={"Authorization": f"Bearer {peer.outbound_token}"}, timeout=5.0)
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
