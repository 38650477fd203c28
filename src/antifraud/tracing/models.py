"""Bank statements (交易流水) known to the platform, their imports, and traces run on cases."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, JSONType, Money, UTCDateTime


class Transfer(Base):
    """One transfer between two accounts, counted once however many statements show it."""

    __tablename__ = "transfers"
    __table_args__ = (
        Index("ix_transfers_from_time", "from_account", "time"),
        Index("ix_transfers_to_time", "to_account", "time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[str] = mapped_column(String(64), unique=True)
    time: Mapped[datetime] = mapped_column(UTCDateTime)
    from_account: Mapped[str] = mapped_column(String(64))
    to_account: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Money)
    channel: Mapped[str | None] = mapped_column(String(32), nullable=True)
    balance_after: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    counterparty_name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("statement_imports.id"), nullable=True)


class StatementImport(Base):
    """One statement file or API batch: what was kept, what was rejected and why."""

    __tablename__ = "statement_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(256))
    digest: Mapped[str] = mapped_column(String(64), index=True)
    rows_total: Mapped[int]
    rows_new: Mapped[int]
    rows_duplicate: Mapped[int]
    rows_bad: Mapped[int]
    errors: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    org_code: Mapped[str | None] = mapped_column(String(32), nullable=True)   # who supplied it
    errors_omitted: Mapped[int] = mapped_column(default=0)   # bad rows counted beyond those kept
    state: Mapped[str] = mapped_column(String(16), default="done")   # queued, running, done, failed
    job_id: Mapped[int | None] = mapped_column(nullable=True)


class TransferSource(Base):
    """Who supplied a transfer: each organisation that brought it in, once, with the import that did.

    A transfer is stored once however many statements show it; this is what lets a partner's
    duplicate count be counted against its own rows only.
    """

    __tablename__ = "transfer_sources"
    __table_args__ = (UniqueConstraint("txn_id", "org_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[str] = mapped_column(String(64))
    org_code: Mapped[str] = mapped_column(String(32))
    import_id: Mapped[int] = mapped_column(ForeignKey("statement_imports.id"), index=True)


class CaseTrace(Base):
    """A fund-flow trace run on a case: its parameters and the reached cards, kept for the record."""

    __tablename__ = "case_traces"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(16))
    max_tiers: Mapped[int]
    seeds: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    accounts: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    trigger: Mapped[str] = mapped_column(String(32), default="manual")
