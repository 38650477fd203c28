"""Requests to partners: stop-payment (止付), freeze (冻结), number blocking (号码封堵), statement request (调单)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, Money, UTCDateTime


class DispatchRequest(Base):
    """One request to one bank or carrier about one identifier of one case."""

    __tablename__ = "dispatch_requests"
    __table_args__ = (
        Index("ix_dispatch_target_status", "target_org_id", "status"),
        Index("ix_dispatch_account_status", "account", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # stop_payment | freeze | block_number | block_inbound | statement_request
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    case_no: Mapped[str] = mapped_column(String(32))
    identifier_id: Mapped[int | None] = mapped_column(ForeignKey("case_identifiers.id"), nullable=True)
    account: Mapped[str] = mapped_column(String(64))  # card number or E.164 phone
    target_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|acknowledged|completed
    requested_amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    tier: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    balance: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # the time of the transfer the request is about (the victim's payment, or money reaching a tier)
    transfer_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # a statement request (调单) asks for the card's statement over this period
    period_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    period_to: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the statement import that answered a statement request (kept by tracing; no foreign key across rooms)
    statement_import_id: Mapped[int | None] = mapped_column(nullable=True)
