"""Sign-in, sign-out and token revocation for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from antifraud.orgs import service
from antifraud.orgs.schemas import MeOut, RevokedOut, TokenOut
from antifraud.web.deps import PrincipalDep, SessionDep, bearer_token, client_address

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
