"""Report intake API."""

from __future__ import annotations

from fastapi import APIRouter, Query

from antifraud.cases import service
from antifraud.cases.schemas import CaseIn, CaseOut, CaseSummary, RouteIn, UnroutableOut
from antifraud.web.deps import MAX_ID, PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT

router = APIRouter(tags=["cases"])


@router.post("/cases", response_model=CaseOut, status_code=201)
def create_case(data: CaseIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """File a fraud report; its suspect cards and phones are dispatched in the same transaction."""
    return service.do_create_case(session, principal, data)


@router.get("/cases", response_model=list[CaseSummary])
def list_cases(session: SessionDep, principal: PrincipalDep, limit: int = Query(100, ge=1, le=1000),
               offset: int = Query(0, ge=0, le=MAX_ID), fraud_type: str | None = None,
               q: str | None = None) -> list[CaseSummary]:
    """Newest cases first."""
    return service.list_cases(session, principal, limit, offset, fraud_type, q)


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """One case with its identifiers and requests."""
    return service.get_case(session, principal, case_id)


@router.get("/unroutable", response_model=list[UnroutableOut])
def unroutable(session: SessionDep, principal: PrincipalDep) -> list[UnroutableOut]:
    """Suspect identifiers no partner received automatically."""
    return service.list_unroutable(session, principal)


@router.post("/identifiers/{identifier_id}/route", response_model=CaseOut, responses=CONFLICT)
def route(identifier_id: RecordId, body: RouteIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """Route an unroutable identifier to a chosen bank or carrier."""
    return service.do_route_manually(session, principal, identifier_id, body.org)
