"""Reports (案件) and their involved identifiers (涉案要素)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from antifraud.core.db import Base, JSONType, Money, UTCDateTime


class Case(Base):
    """A citizen's fraud report; gets a case number and a jurisdiction on intake."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    # filed | under_investigation | linked | solved | closed | transferred (see cases.engine)
    status: Mapped[str] = mapped_column(String(24), default="filed", index=True)
    fraud_type: Mapped[str] = mapped_column(String(32), index=True)
    loss_amount: Mapped[Decimal] = mapped_column(Money)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    victim_name: Mapped[str] = mapped_column(String(64))
    victim_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    victim_id_number: Mapped[str | None] = mapped_column(String(18), nullable=True)
    victim_age: Mapped[int | None] = mapped_column(nullable=True)
    victim_sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    victim_occupation: Mapped[str | None] = mapped_column(String(32), nullable=True)
    victim_education: Mapped[str | None] = mapped_column(String(32), nullable=True)
    victim_district_code: Mapped[str | None] = mapped_column(String(6), nullable=True, index=True)
    jurisdiction_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16), default="intake")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    cluster_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the cluster it was linked into

    identifiers: Mapped[list[CaseIdentifier]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseIdentifier.id")


class CaseIdentifier(Base):
    """A card, phone, URL, IP, app, device or payment account involved in a case."""

    __tablename__ = "case_identifiers"
    __table_args__ = (Index("ix_case_identifiers_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(512))
    raw: Mapped[str] = mapped_column(String(512))
    role: Mapped[str] = mapped_column(String(16), default="suspect")
    attrs: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # routed | unroutable | manual | not_dispatched
    routing: Mapped[str] = mapped_column(String(16), default="not_dispatched", index=True)
    routing_reason: Mapped[str | None] = mapped_column(String(256), nullable=True)

    case: Mapped[Case] = relationship(back_populates="identifiers")


class CaseNote(Base):
    """A note an officer adds to a case (办案记录)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)


class CaseAttachment(Base):
    """Evidence attached to a case (screenshot, chat export, PDF), kept outside the web root under a random name."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    filename: Mapped[str] = mapped_column(String(255))      # as uploaded, cleaned; shown, never used as a path
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(64))     # what the content is, by sniffing
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
