"""Tables of case linking (串并案): clusters, their cases, the identifiers that link them, the links with their
evidence, hubs, the analysts' splits and merges, and the notices to the analyst working a cluster."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, JSONType, Money, UTCDateTime


class CaseCluster(Base):
    """Cases that share suspect identifiers: one gang's work, as far as the reports show (串并案)."""

    __tablename__ = "case_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open, confirmed, dissolved
    size: Mapped[int] = mapped_column(default=0, index=True)
    victims: Mapped[int] = mapped_column(default=0)
    loss: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    fraud_types: Mapped[list[str]] = mapped_column(JSONType, default=list)
    first_case_id: Mapped[int | None] = mapped_column(nullable=True)
    last_case_id: Mapped[int | None] = mapped_column(nullable=True)
    first_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClusterCase(Base):
    """A linked case, in its cluster, with the facts the cluster's figures and pages need."""

    __tablename__ = "cluster_cases"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("case_clusters.id"), index=True)
    case_no: Mapped[str] = mapped_column(String(32), index=True)
    fraud_type: Mapped[str] = mapped_column(String(32))
    loss_amount: Mapped[Decimal] = mapped_column(Money)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    jurisdiction_org_id: Mapped[int] = mapped_column(index=True)
    victim_key: Mapped[str] = mapped_column(String(24))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LinkKey(Base):
    """One identifier of a case as linking reads it: a card, phone, registrable domain, IP, app, device or
    payment account, with its role (suspect or victim)."""

    __tablename__ = "link_keys"
    __table_args__ = (UniqueConstraint("case_id", "kind", "value", "role"),
                      Index("ix_link_keys_kind_value", "kind", "value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(512))
    role: Mapped[str] = mapped_column(String(16))


class CaseLink(Base):
    """Evidence of a link: two cases of one cluster share this identifier, seen at ``linked_at``."""

    __tablename__ = "case_links"
    __table_args__ = (UniqueConstraint("case_a", "case_b", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_a: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    case_b: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(512))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LinkHub(Base):
    """An identifier that does not link cases (枢纽), with why; or one an analyst says links all the same.

    ``decision`` is ``hub`` or ``link``; ``source`` is ``rule`` (found by the linker) or ``analyst``.
    """

    __tablename__ = "link_hubs"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(512))
    decision: Mapped[str] = mapped_column(String(8), default="hub")
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(8), default="rule")
    cases: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(String(64), default="system")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClusterConstraint(Base):
    """An analyst's decision that re-linking keeps: two sides never linked (split) or always linked (merge)."""

    __tablename__ = "cluster_constraints"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # cannot_link or must_link
    side_a: Mapped[list[int]] = mapped_column(JSONType)
    side_b: Mapped[list[int]] = mapped_column(JSONType)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True, index=True)


class ClusterNotification(Base):
    """A new case joined a cluster an analyst is working: a notice for that analyst."""

    __tablename__ = "cluster_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("case_clusters.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    case_no: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class FlowCall(Base):
    """A call record (话单) imported for the gang graph: who called whom, when, for how long."""

    __tablename__ = "flow_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(64), unique=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    caller: Mapped[str] = mapped_column(String(32), index=True)
    callee: Mapped[str] = mapped_column(String(32), index=True)
    duration_s: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FlowSms(Base):
    """An SMS record imported for the gang graph."""

    __tablename__ = "flow_sms"

    id: Mapped[int] = mapped_column(primary_key=True)
    sms_id: Mapped[str] = mapped_column(String(64), unique=True)
    time: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sender: Mapped[str] = mapped_column(String(32), index=True)
    receiver: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FlowVisit(Base):
    """A number's visit to a domain or an app, from an IP address (上网日志), imported for the gang graph."""

    __tablename__ = "flow_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[str] = mapped_column(String(64), unique=True)
    time: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    phone: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # domain or app
    ip: Mapped[str] = mapped_column(String(64), index=True, default="")
    device: Mapped[str] = mapped_column(String(64), index=True, default="", server_default="")  # IMEI, when logged
    source: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
