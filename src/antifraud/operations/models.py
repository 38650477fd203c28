"""Tables of cluster operations (集群作战) under the three-level command, and of expert consultation (专家会诊)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, JSONType, Money, UTCDateTime


class Operation(Base):
    """One coordinated action against one gang (a case cluster), with one takedown time (统一收网).

    ``status``: planned → under_way (the takedown time is set) → taken_down → closed.
    """

    __tablename__ = "operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("case_clusters.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    takedown_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    taken_down_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorkPackage(Base):
    """A county bureau's share of an operation's targets (后期分块办理): a task with its SLA and results.

    ``status``: open → in_progress → done. ``org_id`` is a county bureau, or the city center for the
    targets no county can be given.
    """

    __tablename__ = "work_packages"
    __table_args__ = (UniqueConstraint("operation_id", "org_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    officers: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)  # [{"id", "username"}]
    arrested: Mapped[int] = mapped_column(default=0)
    devices_seized: Mapped[int] = mapped_column(default=0)
    freeze_requested: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OperationTarget(Base):
    """A suspect identifier of the gang, placed in one package, with why it was placed there."""

    __tablename__ = "operation_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("work_packages.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(512))
    bank: Mapped[str] = mapped_column(String(64), default="")      # a card's issuing bank
    location: Mapped[str] = mapped_column(String(64), default="")  # a phone's home location (归属地)
    case_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    placed_by: Mapped[str] = mapped_column(String(24))  # the split rule that placed it (docs/operations.md)


class PackageResult(Base):
    """What a county reported doing for its package: arrests, devices seized, freezes sent, with a note."""

    __tablename__ = "package_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("work_packages.id", ondelete="CASCADE"), index=True)
    arrested: Mapped[int] = mapped_column(default=0)
    devices_seized: Mapped[int] = mapped_column(default=0)
    freeze_request_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    freeze_requested: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExpertReferral(Base):
    """A cluster or case sent to the experts (专家会诊) because it is major, difficult or cross-border.

    ``reasons`` lists the codes: major_loss, major_victims, difficult, overseas_number, foreign_ip.
    """

    __tablename__ = "expert_referrals"
    __table_args__ = (UniqueConstraint("subject", "subject_id"),
                      Index("ix_expert_referrals_status", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(8))  # cluster or case
    subject_id: Mapped[int] = mapped_column()
    label: Mapped[str] = mapped_column(String(64))  # the case number, or the cluster's number
    reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    loss: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    victims: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(12), default="waiting")  # waiting, answered
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    flagged_by: Mapped[str] = mapped_column(String(64), default="system")
    difficult_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExpertFinding(Base):
    """An expert's finding and recommendation on a referred cluster or case."""

    __tablename__ = "expert_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("expert_referrals.id", ondelete="CASCADE"), index=True)
    finding: Mapped[str] = mapped_column(Text)
    recommendation: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
