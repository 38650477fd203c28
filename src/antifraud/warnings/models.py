"""Signals, indicators, warnings (预警), contact attempts, station visits, duty roster, peer centers, outbox."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, JSONType, Money, UTCDateTime


class SignalRecord(Base):
    """One signal received (a call, SMS, transfer, visit or a partner's warning), kept once by its id."""

    __tablename__ = "signals"
    __table_args__ = (Index("ix_signals_citizen_time", "citizen", "time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[str] = mapped_column(String(96), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    time: Mapped[datetime] = mapped_column(UTCDateTime)
    citizen: Mapped[str] = mapped_column(String(32))
    counterpart: Mapped[str] = mapped_column(String(512), default="")
    amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    duration_s: Mapped[int | None] = mapped_column(nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    partner_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # direction, phase, kind, ip, channel
    source: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"), nullable=True, index=True)


class Indicator(Base):
    """An identifier linked to fraud (涉诈要素), learned from cases or partners, with confidence and expiry."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(512))
    confidence: Mapped[float] = mapped_column(Float)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    cases: Mapped[int] = mapped_column(default=0)
    fraud_types: Mapped[list[str]] = mapped_column(JSONType, default=list)
    source: Mapped[str] = mapped_column(String(32), default="case")


class FraudWarning(Base):
    """A citizen likely being defrauded now; worked by a desk (人工干预) or pushed to another center."""

    __tablename__ = "warnings"
    __table_args__ = (Index("ix_warnings_desk_status", "desk_org_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_no: Mapped[str] = mapped_column(String(40), unique=True)
    citizen: Mapped[str] = mapped_column(String(32), index=True)
    province: Mapped[str | None] = mapped_column(String(16), nullable=True)
    city: Mapped[str | None] = mapped_column(String(16), nullable=True)
    division_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    fraud_type: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    urgency: Mapped[str] = mapped_column(String(8))  # normal | high | urgent
    reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    first_signal_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # new | claimed | reached | dissuaded | unreachable | escalated | paid | pushed | closed
    status: Mapped[str] = mapped_column(String(16), index=True)
    desk_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), nullable=True)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    unreachable_count: Mapped[int] = mapped_column(default=0)
    money_protected: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    origin: Mapped[str] = mapped_column(String(16), default="local")  # local | inbound
    origin_center: Mapped[str | None] = mapped_column(String(32), nullable=True)
    pushed_to: Mapped[str | None] = mapped_column(String(32), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ContactAttempt(Base):
    """One call (or visit) to the citizen and what came of it."""

    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    result: Mapped[str] = mapped_column(String(16))  # reached | unreachable | dissuaded | already_paid
    note: Mapped[str] = mapped_column(Text, default="")
    money_protected: Mapped[Decimal | None] = mapped_column(Money, nullable=True)


class VisitTask(Base):
    """Escalation under the emergency plan: a police station visits the citizen in person."""

    __tablename__ = "visit_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id", ondelete="CASCADE"), index=True)
    station_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    reason: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")


class DutyShift(Base):
    """Who is on duty at a desk, when (值班表)."""

    __tablename__ = "duty_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    desk_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PeerCenter(Base):
    """Another city's anti-fraud center: where warnings for its region go, and how it signs in to us."""

    __tablename__ = "peer_centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    base_url: Mapped[str] = mapped_column(String(256))
    regions: Mapped[list[str]] = mapped_column(JSONType, default=list)  # "浙江" or "浙江/杭州"
    outbound_token: Mapped[str] = mapped_column(String(128))  # what we present to the peer
    inbound_digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of what the peer presents to us
    active: Mapped[bool] = mapped_column(Boolean, default=True)


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


class InboundMessage(Base):
    """A message key received from a peer center: the same key twice is accepted once."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("origin", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(96))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"), nullable=True)
