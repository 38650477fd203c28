"""The platform's side of scoring: stored signals → the pure scoring engine → warning candidates.

The engine keeps each citizen's recent signals in memory (one scorer per process); indicators come
from the database, looked up through `DbIndicators`, so what the cases taught is used at once. A new
process (a restart, a second worker) first replays the stored signals of the engine's window, so a
call before the restart and the transfer after it are still read together.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.classifier import text_verdicts
from antifraud.core.clock import now
from antifraud.identifiers import IdentifierError
from antifraud.settings import get_settings
from antifraud.warnings import indicators
from antifraud.warnings.engine import Indicator as EngineIndicator
from antifraud.warnings.engine import SignalEvent, WarningCandidate, WarningScorer
from antifraud.warnings.features import WINDOW_S
from antifraud.warnings.models import SignalRecord

Candidate = WarningCandidate
KIND_ALIASES = {"domain": "url", "card": "bank_card"}


class DbIndicators:
    """Indicator lookups answered from the `indicators` table of the current transaction."""

    def __init__(self) -> None:
        self.session: Session | None = None

    def lookup(self, kind: str, value: str) -> EngineIndicator | None:
        """The live indicator for (kind, value), if any; values are keyed as the cases stored them."""
        if self.session is None or not value:
            return None
        stored_kind = KIND_ALIASES.get(kind, kind)
        key = _stored_value(stored_kind, value)
        row = indicators.find(self.session, stored_kind, key)
        if row is None:
            return None
        return EngineIndicator(kind=kind, value=value, confidence=row.confidence, first_seen=row.first_seen,
                               last_seen=row.last_seen, expires_at=row.expires_at,
                               fraud_types=tuple(row.fraud_types), cases=row.cases, source=row.source)


def _stored_value(kind: str, value: str) -> str:
    """The indicators table's key for a raw value (E.164 phones, registrable domains, digit-only cards)."""
    try:
        return indicators.normalise_for_risk(kind, value)
    except IdentifierError:
        return value


_lock = threading.Lock()


WARM_LIMIT = 500_000
"""At most this many of the latest stored signals are replayed to warm a new scorer."""


@lru_cache(maxsize=1)
def _scorer() -> tuple[WarningScorer, DbIndicators, dict[str, bool]]:
    lookup = DbIndicators()
    scorer = WarningScorer(lookup, threshold=get_settings().warning_threshold, text_classifier=text_verdicts)
    return scorer, lookup, {"warm": False}


def _warm(scorer: WarningScorer, session: Session, exclude: set[str], before: datetime) -> int:
    """Replay the stored signals of the last window (up to `before`) into a new scorer; their
    warnings exist already, so what it raises is dropped. Returns how many signals were replayed."""
    since = before - timedelta(seconds=WINDOW_S)
    rows = list(session.scalars(select(SignalRecord).where(SignalRecord.time >= since, SignalRecord.time <= before)
                                .order_by(SignalRecord.time.desc(), SignalRecord.signal_id.desc())
                                .limit(WARM_LIMIT)))
    events = [to_event(r) for r in reversed(rows) if r.signal_id not in exclude]
    scorer.observe_many(events)
    return len(events)


def to_event(rec: SignalRecord) -> SignalEvent:
    """A stored signal as the engine reads it."""
    return SignalEvent(signal_id=rec.signal_id, time=rec.time, kind=rec.kind, citizen=rec.citizen,
                       counterpart=rec.counterpart or "", duration_s=rec.duration_s,
                       amount_fen=None if rec.amount is None else int(rec.amount * 100), text=rec.text,
                       partner_score=rec.partner_score, extra=dict(rec.extra or {}))


def score_signals(session: Session, records: Sequence[SignalRecord]) -> list[Candidate]:
    """Score new signals in time order; returns the warnings they raise or strengthen."""
    if not records:
        return []
    scorer, lookup, state = _scorer()
    ordered = sorted(records, key=lambda r: (r.time, r.signal_id))
    events = [to_event(r) for r in ordered]
    with _lock:  # one scorer, its per-citizen state updated by one batch at a time
        lookup.session = session
        try:
            if not state["warm"]:
                _warm(scorer, session, {r.signal_id for r in records}, max(now(), ordered[-1].time))
                state["warm"] = True
            return list(scorer.observe_many(events))
        finally:
            lookup.session = None


def reset_scorer() -> None:
    """Forget the scorer's in-memory state (tests, settings changes)."""
    _scorer.cache_clear()
