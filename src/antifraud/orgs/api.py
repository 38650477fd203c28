"""Sign-in for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from pydantic import BaseModel

from antifraud.orgs import service
from antifraud.web.deps import PrincipalDep, SessionDep

router = APIRouter(tags=["auth"])


class TokenOut(BaseModel):
    """A bearer token."""

    access_token: str
    token_type: str = "bearer"


class MeOut(BaseModel):
    """Who the token belongs to."""

    username: str
    role: str
    org: str
    org_kind: str


@router.post("/token", response_model=TokenOut)
def token(session: SessionDep, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> TokenOut:
    """Exchange a username and password for a bearer token."""
    return TokenOut(access_token=service.issue_token(session, username, password))


@router.get("/me", response_model=MeOut)
def me(principal: PrincipalDep) -> MeOut:
    """The caller's identity, role and organisation."""
    return MeOut(username=principal.username, role=principal.role.value, org=principal.org_code,
                 org_kind=principal.org_kind)
