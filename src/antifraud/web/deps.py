"""FastAPI dependencies: a database session per request, the authenticated principal, rate limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from antifraud.core.auth import Principal
from antifraud.core.db import session_scope
from antifraud.core.errors import NotAuthenticated, TooManyRequests
from antifraud.core.ratelimit import RateLimiter
from antifraud.orgs.service import principal_for_token
from antifraud.settings import get_settings

T = TypeVar("T")

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/token", auto_error=False)
bearer = HTTPBearer(auto_error=False)
public_risk_limit = RateLimiter(limit=30, window=60)  # per address, for citizens and the public page
signed_in_risk_limit = RateLimiter(limit=600, window=60)  # per user, for partners' systems


async def request_slot(request: Request) -> AsyncIterator[None]:
    """Wait in the event loop, holding nothing, until one of `worker_threads` API slots is free.

    A request keeps its database connection from its first query until its transaction ends, across
    several hops to worker threads; without a bound, requests that hold connections wait for threads
    while threads wait for connections, until the pool times out.
    """
    async with _api_slots(request):
        yield


def _api_slots(request: Request) -> anyio.Semaphore:
    slots = getattr(request.app.state, "request_slots", None)
    if slots is None:
        slots = request.app.state.request_slots = anyio.Semaphore(get_settings().worker_threads)
    return slots


def db_session(request: Request, _slot: Annotated[None, Depends(request_slot, scope="function")]
               ) -> Iterator[Session]:
    """One transaction per API call, committed when the handler returns normally."""
    engine = request.app.state.engine
    with session_scope(engine) as session:
        yield session


async def bearer_token(token: Annotated[str | None, Depends(oauth2)]) -> str:
    """The raw bearer token of the call; 401 when there is none (async: no thread for a header read)."""
    if not token:
        raise NotAuthenticated("missing bearer token")
    return token


def client_address(request: Request) -> str:
    """The caller's address (a trusted proxy's X-Forwarded-For already applied by the middleware)."""
    return request.client.host if request.client else ""


# scope="function": the transaction ends (commit or rollback) when the handler and the serialisation
# of its answer are done and before the answer is sent, so a 2xx means committed; the default
# ("request") would commit only after the client already had its answer.
SessionDep = Annotated[Session, Depends(db_session, scope="function")]


def current_principal(token: Annotated[str | None, Depends(oauth2)], session: SessionDep) -> Principal:
    """The principal behind the bearer token; 401 when missing or invalid."""
    if not token:
        raise NotAuthenticated("missing bearer token")
    return principal_for_token(session, token)


PrincipalDep = Annotated[Principal, Depends(current_principal)]
BearerTokenDep = Annotated[str, Depends(bearer_token)]


def _as_principal(request: Request, token: str, call: Callable[..., T], kwargs: dict[str, Any]) -> T:
    with session_scope(request.app.state.engine) as session:
        return call(session, principal_for_token(session, token), **kwargs)


async def as_principal(request: Request, token: str, call: Callable[..., T], **kwargs: Any) -> T:
    """`call(session, principal, **kwargs)` in a worker thread, in one transaction committed before it returns.

    For async handlers that wait between database steps (long-polls): each step holds an API slot, a
    thread and a connection only while it runs, where `SessionDep` would hold them for the whole call.
    """
    async with _api_slots(request):
        return await anyio.to_thread.run_sync(partial(_as_principal, request, token, call, kwargs))

# Record ids are the schema's INTEGER keys: 32-bit on PostgreSQL (64-bit on SQLite). Anything outside
# 1 … 2³¹−1 names no record and is refused as invalid input (422) before it reaches a query.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's id (1 … 2³¹−1)")]


def risk_caller(request: Request, session: SessionDep,
                credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> str:
    """Who asks for a risk check (a signed-in user, else "public:<address>"), within their rate limit."""
    who = f"public:{request.client.host if request.client else 'unknown'}"
    limiter = public_risk_limit
    if credentials is not None:
        principal = principal_for_token(session, credentials.credentials)
        who, limiter = principal.username, signed_in_risk_limit
    if not limiter.allow(who):
        raise TooManyRequests("too many risk checks; try again in a minute")
    return who


RiskCallerDep = Annotated[str, Depends(risk_caller)]
