"""Tables of prevention (宣传防范): the knowledge base's versions and the campaigns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, JSONType, UTCDateTime


class KnowledgeVersion(Base):
    """One version of one knowledge category's texts (反诈知识); an edit adds a version, none is changed."""

    __tablename__ = "knowledge_versions"
    __table_args__ = (UniqueConstraint("category", "version", name="uq_knowledge_category_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int]
    title_zh: Mapped[str] = mapped_column(String(64))
    title_en: Mapped[str] = mapped_column(String(64))
    signs_zh: Mapped[list[str]] = mapped_column(JSONType)
    signs_en: Mapped[list[str]] = mapped_column(JSONType)
    lesson_zh: Mapped[str] = mapped_column(Text)
    lesson_en: Mapped[str] = mapped_column(Text)
    sms_zh: Mapped[str] = mapped_column(String(200))
    sms_en: Mapped[str] = mapped_column(String(200))
    packaging_zh: Mapped[str] = mapped_column(String(200))
    packaging_en: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")
    edited_by: Mapped[str] = mapped_column(String(64))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Campaign(Base):
    """A prevention campaign (宣传活动): audience, category, channel, schedule, approval and delivery report.

    ``delivering_org_id`` is the organisation that carries the work out: a carrier for SMS (from the audience
    specification, never a list of numbers), a delivery platform for packaging, a police station for a
    community talk or posters, the center for app push. It sees the campaign only once it is sent.
    """

    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_delivering_status", "delivering_org_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(32))
    knowledge_version: Mapped[int]
    channel: Mapped[str] = mapped_column(String(16))
    audience: Mapped[dict[str, Any]] = mapped_column(JSONType)
    finding: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    message: Mapped[str] = mapped_column(Text)
    delivering_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reach_count: Mapped[int | None] = mapped_column(nullable=True)
    delivered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    delivery_note: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
