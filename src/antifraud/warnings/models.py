"""Signals, indicators and warnings (预警)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
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
