"""Hand-made signals for the warning engine: a citizen, fraudsters' identifiers, times in minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from antifraud.warnings.engine import InMemoryIndicatorStore, SignalEvent, WarningCandidate, WarningScorer

T0 = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in 金华
CITIZEN = "+8613857900001"
OTHER_CITIZEN = "+8613857900002"
GANG_PHONE = "+8618143334698"  # an ordinary-looking mobile, reported in an earlier case
OVERSEAS = "+855123456789"
VIRTUAL = "+8617012345678"
FRIEND = "+8613957911111"
GANG_CARD = "6222021234567890123"
NEW_PAYEE = "6228481234567890001"
SHOP_CARD = "6217001234567890002"
PHISHING = "anjian-zhifa.club"
FRAUD_APP = "安全防护"
_ids = count(1)


def at(minutes: float) -> datetime:
    """Return the time ``minutes`` after T0."""
    return T0 + timedelta(minutes=minutes)


def event(kind: str, minutes: float, counterpart: str = "", citizen: str = CITIZEN, **fields: Any) -> SignalEvent:
    """Make a signal ``minutes`` after T0."""
    return SignalEvent(f"S{next(_ids):06d}", at(minutes), kind, citizen, counterpart, **fields)


def call(minutes: float, caller: str, seconds: int, citizen: str = CITIZEN) -> list[SignalEvent]:
    """A call as a carrier reports it: when it starts, while it goes on, when it ends."""
    events = [event("call", minutes, caller, citizen, duration_s=0, extra={"phase": "start"})]
    for mark in (120, 600, 1800):
        if seconds > mark:
            events.append(event("call", minutes + mark / 60, caller, citizen, duration_s=mark,
                                extra={"phase": "progress"}))
    events.append(event("call", minutes + seconds / 60, caller, citizen, duration_s=seconds, extra={"phase": "end"}))
    return events


def reach_others(minutes: float, caller: str, citizens: int = 8) -> list[SignalEvent]:
    """Short calls from ``caller`` to ``citizens`` other people just before ``minutes`` (a call room's dialling)."""
    out = []
    for i in range(citizens):
        out += call(minutes - 30 + i, caller, 20, citizen=f"+86138579{i:05d}")
    return out


def transfer(minutes: float, payee: str, yuan: int, citizen: str = CITIZEN) -> SignalEvent:
    """The citizen pays ``yuan`` to ``payee``."""
    return event("transfer", minutes, payee, citizen, amount_fen=yuan * 100, extra={"direction": "out"})


def store_with(*items: tuple[str, str, str], learned: datetime | None = None) -> InMemoryIndicatorStore:
    """A store that learned (kind, value, fraud type) items from a case filed at ``learned``."""
    store = InMemoryIndicatorStore()
    for kind, value, fraud_type in items:
        store.learn(kind, value, learned or T0 - timedelta(days=2), 0.9, (fraud_type,))
    return store


def scorer(store: InMemoryIndicatorStore | None = None, rules_only: bool = False) -> WarningScorer:
    """A scorer without the text classifier, so each rule is tested on its own."""
    return WarningScorer(store if store is not None else InMemoryIndicatorStore(), rules_only=rules_only,
                         text_classifier=None)


def new_warnings(candidates: list[WarningCandidate]) -> list[WarningCandidate]:
    """Keep the warnings raised (not their updates)."""
    return [c for c in candidates if c.revision == 0]


def all_reasons(candidates: list[WarningCandidate]) -> set[str]:
    """Every reason any candidate gave."""
    return {r for c in candidates for r in c.reasons}
