"""Tokens out, who a token belongs to, revocations; user accounts and organisations for administrators."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TokenOut(BaseModel):
    """A bearer token."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MeOut(BaseModel):
    """Who the token belongs to."""

    username: str
    role: str
    org: str
    org_kind: str


class RevokedOut(BaseModel):
    """How many live tokens and browser sessions a revocation ended."""

    username: str
    revoked: int


class UserOut(BaseModel):
    """A user account as an administrator sees it (never the password or second-factor secret)."""

    username: str
    display_name: str
    role: str
    org: str
    active: bool
    second_factor: bool
    created_at: datetime


class UserIn(BaseModel):
    """A new account: login name, first password, role and organisation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=8, max_length=1024)
    role: str = Field(max_length=32)
    org: str = Field(max_length=32)
    display_name: str = Field(default="", max_length=128)


class UserChange(BaseModel):
    """What an administrator changes on an account; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    role: str | None = Field(default=None, max_length=32)
    org: str | None = Field(default=None, max_length=32)
    display_name: str | None = Field(default=None, max_length=128)
    active: bool | None = None


class PasswordReset(BaseModel):
    """A new password for an account; left out, the platform makes one and answers it once."""

    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(default=None, min_length=8, max_length=1024)


class PasswordResetOut(BaseModel):
    """The account's new password, shown once, and how many of its sessions were ended."""

    username: str
    password: str
    revoked: int


class OrgOut(BaseModel):
    """An organisation: police (city, county, station), bank or carrier."""

    code: str
    kind: str
    level: str
    name_zh: str
    name_en: str
    parent: str | None
    users: int
