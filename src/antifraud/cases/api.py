"""Report intake API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from antifraud.cases import service
from antifraud.cases.schemas import CaseIn, CaseOut, CaseQuery, CaseSummary, FraudType, RouteIn, UnroutableOut
from antifraud.web.deps import MAX_ID, PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT

router = APIRouter(tags=["cases"])


@router.post("/cases", response_model=CaseOut, status_code=201)
def create_case(data: CaseIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """File a fraud report; its suspect cards and phones are dispatched in the same transaction."""
    return service.do_create_case(session, principal, data)


TOTAL_HEADER = "X-Total-Count"  # how many records match in all, beside a page of them


@router.get("/cases", response_model=list[CaseSummary])
def list_cases(session: SessionDep, principal: PrincipalDep, response: Response,
               limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_ID),
               fraud_type: FraudType | None = None,
               q: str | None = Query(None, max_length=512, description="case number, victim's name, or any "
                                     "identifier (card, phone, ID number, URL …) as typed"),
               district: str | None = Query(None, pattern=r"^\d{6}$", description="the victim's district code"),
               reported_from: Annotated[date | None, Query(description="first local day reported")] = None,
               reported_to: Annotated[date | None, Query(description="last local day reported")] = None,
               ) -> list[CaseSummary]:
    """Newest cases first, one page; the header X-Total-Count says how many match in all."""
    query = CaseQuery(text=(q or "").strip() or None, fraud_type=fraud_type, district_code=district,
                      reported_from=reported_from, reported_to=reported_to)
    page = service.search_cases(session, principal, query, limit, offset)
    response.headers[TOTAL_HEADER] = str(page.total)
    return page.items


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """One case with its identifiers and requests."""
    return service.get_case(session, principal, case_id)


@router.get("/unroutable", response_model=list[UnroutableOut])
def unroutable(session: SessionDep, principal: PrincipalDep, response: Response,
               limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_ID)
               ) -> list[UnroutableOut]:
    """Suspect identifiers no partner received automatically, oldest first; X-Total-Count says how many."""
    page = service.list_unroutable(session, principal, limit, offset)
    response.headers[TOTAL_HEADER] = str(page.total)
    return page.items


@router.post("/identifiers/{identifier_id}/route", response_model=CaseOut, responses=CONFLICT)
def route(identifier_id: RecordId, body: RouteIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """Route an unroutable identifier to a chosen bank or carrier."""
    return service.do_route_manually(session, principal, identifier_id, body.org)
