"""The desk's routes: the queue, claiming, calls, closing, escalation, visits and the duty roster."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response

from antifraud.desk import service
from antifraud.desk.schemas import AttemptIn, CitizenContextOut, CloseIn, ShiftIn, VisitDoneIn
from antifraud.warnings.schemas import WarningOut
from antifraud.web.deps import MAX_ID, PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT, error_responses

router = APIRouter(tags=["desk"])


@router.get("/warnings", response_model=list[WarningOut])
def list_warnings(session: SessionDep, principal: PrincipalDep, response: Response, status: str = "open",
                  limit: int = Query(300, ge=1, le=2000), offset: int = Query(0, ge=0, le=MAX_ID)
                  ) -> list[WarningOut]:
    """The caller's desk queue, one page: open ones urgent first, then score, then age; others newest first.

    The header X-Total-Count says how many match in all.
    """
    items, total = service.page_warnings(session, principal, status, limit, offset)
    response.headers["X-Total-Count"] = str(total)
    return items


@router.get("/warnings/{warning_id}", response_model=WarningOut)
def get_warning(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """One warning (another desk's answers 404)."""
    return service.get_warning(session, principal, warning_id)


@router.get("/warnings/{warning_id}/context", response_model=CitizenContextOut)
def context(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CitizenContextOut:
    """The citizen's name and home when known, earlier cases and warnings, each counterpart's risk and cases."""
    return service.citizen_context(session, principal, warning_id)


@router.post("/warnings/{warning_id}/claim", response_model=WarningOut, responses=CONFLICT)
def claim(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """Take the warning to work it."""
    return service.do_claim(session, principal, warning_id)


@router.post("/warnings/{warning_id}/attempts", response_model=WarningOut, responses=CONFLICT)
def attempt(warning_id: RecordId, body: AttemptIn, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """Record a call: reached, unreachable, dissuaded, or already paid (files a case and dispatches)."""
    return service.do_record_attempt(session, principal, warning_id, body)


@router.post("/warnings/{warning_id}/close", response_model=WarningOut, responses=CONFLICT)
def close(warning_id: RecordId, body: CloseIn, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """End a warning after checking there is no risk."""
    return service.do_close(session, principal, warning_id, body.note)


@router.post("/warnings/{warning_id}/escalate", response_model=WarningOut, responses=CONFLICT)
def escalate(warning_id: RecordId, session: SessionDep, principal: PrincipalDep) -> WarningOut:
    """Emergency plan: order an in-person visit by the citizen's station."""
    return service.do_escalate(session, principal, warning_id)


@router.get("/roster")
def roster(session: SessionDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Who is on duty now."""
    return service.on_duty(session, principal)


@router.post("/roster", status_code=201, responses=error_responses(403, 404))
def add_shift(body: ShiftIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """Add a shift to the duty roster."""
    shift = service.do_add_shift(session, principal, body.username, body.desk, body.starts_at, body.ends_at)
    return {"id": shift.id}


@router.get("/visits")
def visits(session: SessionDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """In-person visits ordered under the emergency plan and not yet made."""
    return service.open_visits(session, principal)


@router.post("/visits/{task_id}/complete", status_code=204, responses=CONFLICT)
def visit_done(task_id: RecordId, body: VisitDoneIn, session: SessionDep, principal: PrincipalDep) -> None:
    """Record the visit's outcome; a successful one closes the warning as dissuaded."""
    service.do_complete_visit(session, principal, task_id, body.dissuaded, body.result)
