"""Indicators (涉诈要素): identifiers linked to fraud, learned from cases, with confidence and expiry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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


_UPSERTS: dict[str, Any] = {}


def _upsert_statement(dialect: str) -> Any:
    """INSERT … ON CONFLICT (kind, value) DO UPDATE that strengthens a known indicator, for one dialect."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    bigger, smaller = (func.greatest, func.least) if dialect == "postgresql" else (func.max, func.min)
    stmt = insert(Indicator)
    new = stmt.excluded
    _UPSERTS[dialect] = stmt.on_conflict_do_update(index_elements=[Indicator.kind, Indicator.value], set_={
        "cases": Indicator.cases + 1,
        # the row's own base confidence (excluded.confidence) joins the stored one
        "confidence": 1 - (1 - Indicator.confidence) * (1 - new.confidence),
        "first_seen": smaller(Indicator.first_seen, new.first_seen),
        "last_seen": bigger(Indicator.last_seen, new.last_seen),
        "expires_at": bigger(Indicator.expires_at, new.expires_at),
    }).returning(Indicator.id, Indicator.fraud_types)
    return _UPSERTS[dialect]


def _upsert(session: Session, pairs: list[tuple[str, str]], fraud_type: str, at: datetime, source: str) -> None:
    """Insert indicators or strengthen the stored ones, in one statement that concurrent filings cannot race.

    Counts and confidence grow in the database (`cases + 1`), so simultaneous filings of the same card
    neither lose an increment nor collide on the (kind, value) constraint; rows go in (kind, value)
    order, so two filings sharing indicators lock them in the same order.
    """
    rows = [{"kind": kind, "value": value, "confidence": BASE_CONFIDENCE[kind], "first_seen": at, "last_seen": at,
             "expires_at": at + LIFETIME[kind], "cases": 1, "fraud_types": [fraud_type], "source": source}
            for kind, value in pairs]
    # One statement for every row (executemany, sent as one multi-row INSERT), built once per dialect so
    # it is compiled once: building it per filing cost more than the database's work.
    dialect = session.get_bind().dialect.name
    stmt = _UPSERTS[dialect] if dialect in _UPSERTS else _upsert_statement(dialect)
    for row_id, types in session.execute(stmt, rows).all():
        if fraud_type not in (types or []):
            # The upsert holds the row (PostgreSQL's row lock, SQLite's write lock) until commit, so this
            # read-modify-write of the JSON list cannot interleave with another filing's.
            session.execute(update(Indicator).where(Indicator.id == row_id)
                            .values(fraud_types=[*(types or []), fraud_type]))


def learn(session: Session, items: Iterable[tuple[str, str]], fraud_type: str, at: datetime | None = None,
          source: str = "case") -> int:
    """Record suspect identifiers of a case as indicators (or strengthen known ones); returns how many."""
    at = at or now()
    # Once each: two URLs of one domain are one indicator, strengthened once per case.
    distinct = dict.fromkeys((kind, value) for kind, value in items if kind in BASE_CONFIDENCE)
    if distinct:
        _upsert(session, sorted(distinct), fraud_type, at, source)
    return len(distinct)


def find(session: Session, kind: str, value: str, at: datetime | None = None) -> Indicator | None:
    """The live (unexpired) indicator for an identifier, if any."""
    row = session.scalar(select(Indicator).where(Indicator.kind == kind, Indicator.value == value))
    if row is None or row.expires_at <= (at or now()):
        return None
    return row
