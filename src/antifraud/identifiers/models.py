"""The center's own BIN rows (imported or learned), the evidence of cards' issuers, and suggested rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, UTCDateTime


class BinRow(Base):
    """A BIN row of the center's that takes precedence over the shipped table; length 0 means any."""

    __tablename__ = "bin_rows"
    __table_args__ = (UniqueConstraint("bin", "length", name="uq_bin_rows_bin_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bin: Mapped[str] = mapped_column(String(10))
    length: Mapped[int] = mapped_column(Integer, default=0)
    bank_code: Mapped[str] = mapped_column(String(16), default="")
    bank_name_zh: Mapped[str] = mapped_column(String(64))
    bank_name_en: Mapped[str] = mapped_column(String(128), default="")
    card_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    source: Mapped[str] = mapped_column(String(16))  # import | learned
    origin: Mapped[str] = mapped_column(String(256), default="")  # file name, or the suggestion it came from
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CardIssuerEvidence(Base):
    """A sign of which bank issues a card: it delivered the card's statement, or an officer routed it there."""

    __tablename__ = "card_issuer_evidence"
    __table_args__ = (UniqueConstraint("card", "bank_code", "kind", name="uq_card_issuer_evidence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card: Mapped[str] = mapped_column(String(19), index=True)
    bank_code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # statement | manual_route
    reference: Mapped[str] = mapped_column(String(64), default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BinSuggestion(Base):
    """A BIN row the evidence points to, waiting for an administrator to accept or reject it."""

    __tablename__ = "bin_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    bin: Mapped[str] = mapped_column(String(10), unique=True)
    bank_code: Mapped[str] = mapped_column(String(16))
    cards: Mapped[int] = mapped_column(Integer)
    table_bank: Mapped[str] = mapped_column(String(64), default="")  # what the table says now, if anything
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | accepted | rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
