"""Signals, warnings, the intervention desk, risk checks, and warnings from peer centers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

from antifraud.core.errors import DomainError, NotAuthenticated
from antifraud.core.ratelimit import RateLimiter
from antifraud.orgs.service import principal_for_token
from antifraud.warnings import peers, service
from antifraud.warnings.schemas import AttemptIn, InboundWarningIn, IngestOut, RiskOut, WarningOut
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT, error_responses

router = APIRouter(tags=["warnings"])
bearer = HTTPBearer(auto_error=False)
public_risk_limit = RateLimiter(limit=30, window=60)
signed_in_risk_limit = RateLimiter(limit=600, window=60)
MAX_BATCH_BYTES = 20 * 1024 * 1024


class TooManyRequests(DomainError):
    """Over the rate limit."""

    status = 429


@router.post("/signals", response_model=IngestOut, responses=error_responses(400))
async def post_signals(request: Request, session: SessionDep, principal: PrincipalDep) -> IngestOut:
    """NDJSON, one signal per line: bad lines are rejected with their number, replayed ids skipped."""
    body = await request.body()
    if len(body) > MAX_BATCH_BYTES:
        raise DomainError("batch larger than 20 MB", field="body")
    lines = body.decode("utf-8", errors="replace").splitlines()
    return await run_in_threadpool(service.ingest, session, principal, lines, f"api:{principal.org_code}")


@router.get("/warnings", response_model=list[WarningOut])
def list_warnings(session: SessionDep, principal: PrincipalDep, status: str = "open",
                  limit: int = Query(300, ge=1, le=2000)) -> list[WarningOut]:
    """The caller's desk queue: urgent first, then score, then age."""
    return service.list_warnings(session, principal, status, limit)


@router.get("/warnings/{warning_id}", response_model=WarningOut)
def get_warning(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """One warning (another desk's answers 404)."""
    return service.get_warning(session, principal, warning_id)


@router.post("/warnings/{warning_id}/claim", response_model=WarningOut, responses=CONFLICT)
def claim(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """Take the warning to work it."""
    return service.claim(session, principal, warning_id)


@router.post("/warnings/{warning_id}/attempts", response_model=WarningOut, responses=CONFLICT)
def attempt(warning_id: RecordId, body: AttemptIn, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """Record a call: reached, unreachable, dissuaded, or already paid (files a case and dispatches)."""
    return service.record_attempt(session, principal, warning_id, body)


class CloseIn(BaseModel):
    """Why a warning needs nothing more."""

    note: str = Field(min_length=1, max_length=2000)


@router.post("/warnings/{warning_id}/close", response_model=WarningOut, responses=CONFLICT)
def close(warning_id: RecordId, body: CloseIn, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """End a warning after checking there is no risk."""
    return service.close(session, principal, warning_id, body.note)


@router.post("/warnings/{warning_id}/escalate", response_model=WarningOut, responses=CONFLICT)
def escalate(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """Emergency plan: order an in-person visit by the citizen's station."""
    return service.escalate(session, principal, warning_id)


@router.get("/risk", response_model=RiskOut, responses=error_responses(429))
def risk(request: Request, session: SessionDep, kind: str, value: str,
         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> RiskOut:
    """Is this number, card, URL, ID … linked to fraud? Open to citizens (rate-limited per address)."""
    who = f"public:{request.client.host if request.client else 'unknown'}"
    limiter = public_risk_limit
    if credentials is not None:
        principal = principal_for_token(session, credentials.credentials)
        who, limiter = principal.username, signed_in_risk_limit
    if not limiter.allow(who):
        raise TooManyRequests("too many risk checks; try again in a minute")
    return service.check_risk(session, who, kind, value)


def peer_center(session: SessionDep,
                credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> str:
    """The code of the peer center whose token this is; 401 for anyone else."""
    if credentials is None:
        raise NotAuthenticated("peer center token required")
    return peers.peer_for_token(session, credentials.credentials).code


INBOUND_BODY = {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/InboundWarningIn"}}}}


@router.post("/peer/warnings", response_model=WarningOut | None, status_code=202,
             responses=error_responses(403), openapi_extra={"requestBody": INBOUND_BODY})
async def inbound(request: Request, session: SessionDep,
                  origin: Annotated[str, Depends(peer_center)]) -> WarningOut | None:
    """A warning from the center that found it, about a citizen of our region; a repeated key is a no-op."""
    # The body is read only once the caller is known to be a peer: strangers learn nothing of its schema.
    try:
        body = InboundWarningIn.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False), body=None) from None
    warning, _new = await run_in_threadpool(service.accept_inbound, session, origin, body)
    return warning


class ShiftIn(BaseModel):
    """A duty shift to add to the roster."""

    username: str
    desk: str = "JH"
    starts_at: datetime
    ends_at: datetime


class VisitDoneIn(BaseModel):
    """What the station's in-person visit achieved."""

    dissuaded: bool
    result: str = Field(default="", max_length=2000)


@router.get("/roster")
def roster(session: SessionDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Who is on duty now."""
    return service.on_duty(session, principal)


@router.post("/roster", status_code=201, responses=error_responses(403, 404))
def add_shift(body: ShiftIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """Add a shift to the duty roster."""
    shift = service.add_shift(session, principal, body.username, body.desk, body.starts_at, body.ends_at)
    return {"id": shift.id}


@router.get("/visits")
def visits(session: SessionDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """In-person visits ordered under the emergency plan and not yet made."""
    return service.open_visits(session, principal)


@router.post("/visits/{task_id}/complete", status_code=204, responses=CONFLICT)
def visit_done(task_id: RecordId, body: VisitDoneIn, session: SessionDep, principal: PrincipalDep) -> None:
    """Record the visit's outcome; a successful one closes the warning as dissuaded."""
    service.complete_visit(session, principal, task_id, body.dissuaded, body.result)
