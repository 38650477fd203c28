"""Peer centers and the message keys received from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from antifraud.core.db import Base, JSONType, UTCDateTime


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


class InboundMessage(Base):
    """A message key received from a peer center: the same key twice is accepted once."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("origin", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(96))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"), nullable=True)
