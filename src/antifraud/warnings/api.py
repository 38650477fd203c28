"""Signals in, risk checks, and warnings from peer centers (the desk's routes are in `antifraud.desk.api`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import ValidationError

from antifraud.core.errors import DomainError, NotAuthenticated
from antifraud.peers import service as peers
from antifraud.warnings import service
from antifraud.warnings.schemas import InboundWarningIn, IngestOut, RiskOut, WarningOut
from antifraud.web.deps import PrincipalDep, RiskCallerDep, SessionDep, bearer
from antifraud.web.openapi import error_responses

router = APIRouter(tags=["warnings"])
MAX_BATCH_BYTES = 20 * 1024 * 1024


@router.post("/signals", response_model=IngestOut, responses=error_responses(400))
async def post_signals(request: Request, session: SessionDep, principal: PrincipalDep) -> IngestOut:
    """NDJSON, one signal per line: bad lines are rejected with their number, replayed ids skipped."""
    body = await request.body()
    if len(body) > MAX_BATCH_BYTES:
        raise DomainError("batch larger than 20 MB", field="body")
    lines = body.decode("utf-8", errors="replace").splitlines()
    return await run_in_threadpool(service.do_ingest_signals, session, principal, lines, f"api:{principal.org_code}")


@router.get("/risk", response_model=RiskOut, responses=error_responses(429))
def risk(session: SessionDep, who: RiskCallerDep, kind: str, value: str) -> RiskOut:
    """Is this number, card, URL, ID … linked to fraud? Open to citizens (rate-limited per address)."""
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
    warning, _new = await run_in_threadpool(service.do_accept_inbound_warning, session, origin, body)
    return warning
