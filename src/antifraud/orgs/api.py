"""Sign-in, sign-out and token revocation for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response

from antifraud.orgs import service
from antifraud.orgs.schemas import (
    MeOut,
    OrgOut,
    PasswordReset,
    PasswordResetOut,
    RevokedOut,
    TokenOut,
    UserChange,
    UserIn,
    UserOut,
)
from antifraud.web.deps import MAX_ID, PrincipalDep, SessionDep, bearer_token, client_address
from antifraud.web.openapi import CONFLICT

router = APIRouter(tags=["auth"])


@router.post("/token", response_model=TokenOut, responses={
    401: {"description": "wrong username, password or one-time code"},
    429: {"description": "too many failed sign-ins; the Retry-After header says for how many seconds"}})
def token(request: Request, session: SessionDep, username: Annotated[str, Form(max_length=256)],
          password: Annotated[str, Form(max_length=4096)],
          otp: Annotated[str, Form(max_length=16, description="one-time code, for users with a second factor")] = ""
          ) -> TokenOut:
    """Exchange a username and password (and one-time code when enrolled) for a bearer token."""
    from antifraud.settings import get_settings

    issued = service.do_issue_token(session, username, password, "api", otp=otp, address=client_address(request))
    return TokenOut(access_token=issued, expires_in=get_settings().token_ttl_hours * 3600)


@router.post("/logout", status_code=204)
def logout(_: PrincipalDep, session: SessionDep, raw: Annotated[str, Depends(bearer_token)]) -> Response:
    """Revoke the caller's own bearer token."""
    service.do_revoke_token(session, raw, "api")
    return Response(status_code=204)


@router.post("/users/{username}/revoke-tokens", response_model=RevokedOut)
def revoke_tokens(username: str, principal: PrincipalDep, session: SessionDep) -> RevokedOut:
    """An administrator ends every token and browser session of a user."""
    return RevokedOut(username=username, revoked=service.do_revoke_user_tokens(session, username, principal))


@router.get("/me", response_model=MeOut)
def me(principal: PrincipalDep) -> MeOut:
    """The caller's identity, role and organisation."""
    return MeOut(username=principal.username, role=principal.role.value, org=principal.org_code,
                 org_kind=principal.org_kind)


@router.get("/users", response_model=list[UserOut], tags=["admin"])
def list_users(session: SessionDep, principal: PrincipalDep, response: Response,
               q: Annotated[str | None, Query(max_length=64, description="part of a name or organisation code")] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 50,
               offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0) -> list[UserOut]:
    """Accounts by name, one page; the header X-Total-Count says how many match (administrators only)."""
    users, total = service.list_users(session, principal, q, limit, offset)
    response.headers["X-Total-Count"] = str(total)
    return users


@router.post("/users", response_model=UserOut, status_code=201, responses=CONFLICT, tags=["admin"])
def create_user(data: UserIn, session: SessionDep, principal: PrincipalDep) -> UserOut:
    """Open an account with a role in an organisation (administrators only)."""
    return service.do_open_account(session, principal, data)


@router.patch("/users/{username}", response_model=UserOut, responses=CONFLICT, tags=["admin"])
def change_user(username: str, change: UserChange, session: SessionDep, principal: PrincipalDep) -> UserOut:
    """Change an account's role, organisation, name, or disable / enable it (administrators only)."""
    return service.do_change_user(session, principal, username, change)


@router.post("/users/{username}/reset-password", response_model=PasswordResetOut, tags=["admin"])
def reset_password(username: str, body: PasswordReset, session: SessionDep,
                   principal: PrincipalDep) -> PasswordResetOut:
    """Give an account a new password and end its sessions; the answer shows the password once."""
    return service.do_reset_password(session, principal, username, body.password)


@router.get("/orgs", response_model=list[OrgOut], tags=["admin"])
def list_orgs(session: SessionDep, principal: PrincipalDep) -> list[OrgOut]:
    """Every organisation with its parent and number of accounts (administrators only)."""
    return service.organisations(session, principal)
