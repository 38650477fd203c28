"""FastAPI dependencies: a database session per request and the authenticated principal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from antifraud.core.auth import Principal
from antifraud.core.db import session_scope
from antifraud.core.errors import NotAuthenticated
from antifraud.orgs.service import principal_for_token

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/token", auto_error=False)


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per API call, committed when the handler returns normally."""
    engine = request.app.state.engine
    with session_scope(engine) as session:
        yield session


def bearer_token(token: Annotated[str | None, Depends(oauth2)]) -> str:
    """The raw bearer token of the call; 401 when there is none."""
    if not token:
        raise NotAuthenticated("missing bearer token")
    return token


def client_address(request: Request) -> str:
    """The caller's address (a trusted proxy's X-Forwarded-For already applied by the middleware)."""
    return request.client.host if request.client else ""


def current_principal(token: Annotated[str | None, Depends(oauth2)],
                      session: Annotated[Session, Depends(db_session)]) -> Principal:
    """The principal behind the bearer token; 401 when missing or invalid."""
    if not token:
        raise NotAuthenticated("missing bearer token")
    return principal_for_token(session, token)


SessionDep = Annotated[Session, Depends(db_session)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]

# Record ids are the schema's INTEGER keys: 32-bit on PostgreSQL (64-bit on SQLite). Anything outside
# 1 … 2³¹−1 names no record and is refused as invalid input (422) before it reaches a query.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's id (1 … 2³¹−1)")]
