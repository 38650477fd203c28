"""Indicators (涉诈要素): identifiers linked to fraud, learned from cases, with confidence and expiry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.core.clock import now
from antifraud.identifiers import IdentifierError, normalize, parse_resident_id
from antifraud.warnings.models import Indicator

# How strongly one case implicates an identifier of each kind, and how long that lasts: numbers
# rotate within weeks, cards and payment accounts live longer, IPs are shared and short-lived.
BASE_CONFIDENCE = {"bank_card": 0.9, "payment_account": 0.85, "url": 0.85, "phone": 0.8, "device": 0.7,
                   "app": 0.6, "ip": 0.5, "id_number": 0.8}
LIFETIME = {"bank_card": timedelta(days=365), "payment_account": timedelta(days=365),
            "url": timedelta(days=180), "phone": timedelta(days=90), "device": timedelta(days=180),
            "app": timedelta(days=365), "ip": timedelta(days=30), "id_number": timedelta(days=730)}
RISK_KINDS = tuple(BASE_CONFIDENCE)


def indicator_value(kind: str, value: str, attrs: dict[str, object]) -> str:
    """The form an indicator is kept in: URLs by their registrable domain, since phishing pages move."""
    if kind == "url" and attrs.get("domain"):
        return str(attrs["domain"])
    return value


def normalise_for_risk(kind: str, value: str) -> str:
    """The stored form of an identifier (resident IDs included); raises IdentifierError."""
    if kind == "id_number":
        return parse_resident_id(value, field="value").number
    if kind not in BASE_CONFIDENCE:
        raise IdentifierError("kind", f"one of {', '.join(RISK_KINDS)}")
    norm = normalize(kind, value, field="value")
    return indicator_value(kind, norm.value, dict(norm.attrs))


def learn(session: Session, items: Iterable[tuple[str, str]], fraud_type: str, at: datetime | None = None,
          source: str = "case") -> int:
    """Record suspect identifiers of a case as indicators (or strengthen known ones); returns how many."""
    at = at or now()
    n = 0
    for kind, value in items:
        if kind not in BASE_CONFIDENCE:
            continue
        row = session.scalar(select(Indicator).where(Indicator.kind == kind, Indicator.value == value))
        if row is None:
            row = Indicator(kind=kind, value=value, confidence=BASE_CONFIDENCE[kind], first_seen=at, last_seen=at,
                            expires_at=at + LIFETIME[kind], cases=1, fraud_types=[fraud_type], source=source)
            session.add(row)
        else:
            row.cases += 1
            row.confidence = 1 - (1 - row.confidence) * (1 - BASE_CONFIDENCE[kind])
            row.first_seen = min(row.first_seen, at)
            row.last_seen = max(row.last_seen, at)
            row.expires_at = max(row.expires_at, at + LIFETIME[kind])
            if fraud_type not in row.fraud_types:
                row.fraud_types = [*row.fraud_types, fraud_type]
        n += 1
    return n


def find(session: Session, kind: str, value: str, at: datetime | None = None) -> Indicator | None:
    """The live (unexpired) indicator for an identifier, if any."""
    row = session.scalar(select(Indicator).where(Indicator.kind == kind, Indicator.value == value))
    if row is None or row.expires_at <= (at or now()):
        return None
    return row
