"""Tokens out, who a token belongs to, revocations."""

from __future__ import annotations

from pydantic import BaseModel


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
