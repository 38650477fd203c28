"""The platform's side of scoring: stored signals → the pure scoring engine → warning candidates.

The engine keeps each citizen's recent signals in memory (one scorer per process); indicators come
from the database, looked up through `DbIndicators`, so what the cases taught is used at once. A new
process (a restart, a second worker) first replays the stored signals of the engine's window, so a
call before the restart and the transfer after it are still read together.

Two clocks meet here: a signal's `time` is the partner's, and may lie days either side of ours; an
indicator's `first_seen` and `expires_at` are ours (the case was filed at the center's time). So an
indicator counts for a signal when it was in the database at the moment the signal was received,
whatever the signal's time stamp says; only a replayed history (`replay`), whose cases were filed
with their own past times, is read on the signals' clock as the engine reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import groupby

from sqlalchemy import and_, or_, select
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


EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


class DbIndicators:
    """Indicator lookups answered from the `indicators` table of the current transaction.

    `known_at` is the center's time at which the signals being scored were received. A stored
    indicator counts for them when it was learned by then and had not yet expired, both on the
    center's clock; it is handed to the engine as known for all time (`EARLIEST` … `LATEST`), since
    the engine compares the window with the signal's own time stamp, which may be days off ours.
    Without `known_at` (a replayed history) the stored window is handed on as it is.
    """

    def __init__(self) -> None:
        self.session: Session | None = None
        self.known_at: datetime | None = None

    def lookup(self, kind: str, value: str) -> EngineIndicator | None:
        """The live indicator for (kind, value), if any; values are keyed as the cases stored them."""
        if self.session is None or not value:
            return None
        stored_kind = KIND_ALIASES.get(kind, kind)
        key = _stored_value(stored_kind, value)
        row = indicators.find(self.session, stored_kind, key, at=self.known_at)
        if row is None:
            return None
        first_seen, expires_at = row.first_seen, row.expires_at
        if self.known_at is not None:
            if first_seen > self.known_at:  # learned after the signal came in (a restart's replay)
                return None
            first_seen, expires_at = EARLIEST, LATEST
        return EngineIndicator(kind=kind, value=value, confidence=row.confidence, first_seen=first_seen,
                               last_seen=row.last_seen, expires_at=expires_at,
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


def _warm(scorer: WarningScorer, lookup: DbIndicators, session: Session, exclude: set[str],
          windows: Sequence[tuple[datetime, datetime]]) -> int:
    """Replay the stored signals of these (since, until) windows into a new scorer; their warnings
    exist already, so what it raises is dropped. Returns how many signals were replayed.

    Each signal is read with the indicators known when it was received, as it was scored then: a
    case filed after it does not count for it now either.
    """
    within = or_(*(and_(SignalRecord.time >= since, SignalRecord.time <= until) for since, until in windows))
    rows = list(session.scalars(select(SignalRecord).where(within)
                                .order_by(SignalRecord.time.desc(), SignalRecord.signal_id.desc())
                                .limit(WARM_LIMIT)))
    kept = [r for r in reversed(rows) if r.signal_id not in exclude]
    for received, run in groupby(kept, key=lambda r: r.received_at):
        lookup.known_at = received
        scorer.observe_many([to_event(r) for r in run])
    return len(kept)


def to_event(rec: SignalRecord) -> SignalEvent:
    """A stored signal as the engine reads it."""
    return SignalEvent(signal_id=rec.signal_id, time=rec.time, kind=rec.kind, citizen=rec.citizen,
                       counterpart=rec.counterpart or "", duration_s=rec.duration_s,
                       amount_fen=None if rec.amount is None else int(rec.amount * 100), text=rec.text,
                       partner_score=rec.partner_score, extra=dict(rec.extra or {}))


def score_signals(session: Session, records: Sequence[SignalRecord], replay: bool = False) -> list[Candidate]:
    """Score new signals in time order; returns the warnings they raise or strengthen.

    Indicators count for them as the database holds them now (see `DbIndicators`); a `replay` of
    past history reads each indicator from the past time its case was filed.
    """
    if not records:
        return []
    scorer, lookup, state = _scorer()
    ordered = sorted(records, key=lambda r: (r.time, r.signal_id))
    events = [to_event(r) for r in ordered]
    with _lock:  # one scorer, its per-citizen state updated by one batch at a time
        lookup.session = session
        try:
            if not state["warm"]:
                # The last window on our clock, and the window the batch is read with on its own
                # (a partner's clock, or a stream replayed days away from ours).
                window = timedelta(seconds=WINDOW_S)
                at = now()
                _warm(scorer, lookup, session, {r.signal_id for r in records},
                      [(at - window, max(at, ordered[-1].time)), (ordered[0].time - window, ordered[-1].time)])
                state["warm"] = True
            lookup.known_at = None if replay else max(r.received_at for r in records)
            return list(scorer.observe_many(events))
        finally:
            lookup.session = lookup.known_at = None


def reset_scorer() -> None:
    """Forget the scorer's in-memory state (tests, settings changes)."""
    _scorer.cache_clear()
