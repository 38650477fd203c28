"""Organisations (police hierarchy, banks, carriers), users and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from antifraud.core.db import Base, UTCDateTime


class Organization(Base):
    """A unit working at the center: police (city/county/station), a bank or a carrier."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # police | bank | carrier
    level: Mapped[str] = mapped_column(String(16))  # city | county | station | partner
    name_zh: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), nullable=True)
    division_code: Mapped[str | None] = mapped_column(String(6), nullable=True, index=True)

    parent: Mapped[Organization | None] = relationship(remote_side=[id])


class User(Base):
    """A person who signs in; belongs to one organisation and has one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # TOTP second factor (RFC 6238): the base32 secret when enrolled, and the last time step
    # accepted, so a code seen once cannot be replayed.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    org: Mapped[Organization] = relationship()


class ApiToken(Base):
    """A bearer token for the API (or a browser session); only its digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # "api" for bearer tokens, "ui" for browser sessions: neither works in the other's place.
    channel: Mapped[str] = mapped_column(String(8), default="api", server_default="api")


class LoginThrottle(Base):
    """Failed sign-ins counted per account or per client address, and until when it is refused."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)  # "account:<name>" | "address:<ip>"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PartnerEndpoint(Base):
    """Where a partner organisation takes its work pushed to it (optional): a URL and the bearer token we show.

    A partner without one reads its work on its queue page and through the API only.
    """

    __tablename__ = "partner_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), unique=True)
    url: Mapped[str] = mapped_column(String(256))
    token: Mapped[str] = mapped_column(String(256))  # what we present to the partner
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
