"""Partner work-platform API: a bank's or carrier's own queue of requests."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from antifraud.core import longpoll
from antifraud.dispatch import service
from antifraud.dispatch.schemas import (
    AcknowledgeManyIn,
    AcknowledgeManyOut,
    CompleteIn,
    PartnerFigures,
    RequestOut,
)
from antifraud.web.deps import MAX_ID, BearerTokenDep, PrincipalDep, RecordId, SessionDep, as_principal
from antifraud.web.openapi import CONFLICT, XLSX, file_response

router = APIRouter(tags=["requests"])
MAX_WAIT_SECONDS = 60

WAIT = ("Long-poll: when the list holds no request newer than `after_id`, wait up to this many seconds "
        f"(0 … {MAX_WAIT_SECONDS}) and answer as soon as a new request for the organisation is committed; "
        "when the time is up, answer the list as it stands (for `status=pending` usually empty). Holds no "
        "database connection while waiting.")
AFTER_ID = ("With `wait`: the highest request id the caller has already seen (0: none); the call answers "
            "at once if the list holds a newer one. The answer is always the whole list, never only the new.")


@router.get("/requests", response_model=list[RequestOut])
async def list_requests(request: Request, response: Response, token: BearerTokenDep, status: str = "open",
                        limit: int = 500, offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
                        wait: float | None = Query(None, ge=0, le=MAX_WAIT_SECONDS, description=WAIT),
                        after_id: int = Query(0, ge=0, le=MAX_ID, description=AFTER_ID)) -> list[RequestOut]:
    """The caller's organisation's requests (police see all), most urgent first, one page (at most 2,000);
    with `wait`, a long-poll. The header X-Total-Count says how many match in all."""
    limit = min(max(limit, 1), 2000)

    async def read() -> longpoll.Reading[tuple[list[RequestOut], int]]:
        return await as_principal(request, token, service.read_queue, status=status, limit=limit,
                                  after_id=after_id, offset=offset)

    reading = await read()
    if wait:
        longpoll.listen(request.app.state.engine)
        # Callers of one queue woken by the same commit share one read (their tokens were checked on arrival).
        reading = await longpoll.long_poll(read, reading, wait, share=(status, limit, offset))
    items, total = reading.answer
    response.headers["X-Total-Count"] = str(total)
    return items


@router.get("/requests/figures", response_model=PartnerFigures)
def figures(session: SessionDep, principal: PrincipalDep) -> PartnerFigures:
    """The caller's organisation's own service level over 30 days: on time, overdue, median times."""
    return service.partner_figures(session, principal)


@router.get("/requests/day.xlsx", response_class=Response,
            responses=file_response(XLSX, "The organisation's requests received or answered that day"))
def day_of_work(session: SessionDep, principal: PrincipalDep, day: date | None = None) -> Response:
    """The day's work (local day, today by default) as an XLSX workbook."""
    local, content = service.day_workbook(session, principal, day)
    return Response(content, media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="requests-{principal.org_code}-{local:%Y%m%d}.xlsx"'})


@router.post("/requests/ack", response_model=AcknowledgeManyOut)
def acknowledge_many(body: AcknowledgeManyIn, session: SessionDep, principal: PrincipalDep) -> AcknowledgeManyOut:
    """Acknowledge several requests at once; those not pending are listed as skipped, with why."""
    return service.do_acknowledge_many(session, principal, body.ids)


@router.get("/requests/{request_id}", response_model=RequestOut)
def get_request(request_id: RecordId, session: SessionDep, principal: PrincipalDep) -> RequestOut:
    """One request; another organisation's answers 404."""
    return service.get_request(session, principal, request_id)


@router.post("/requests/{request_id}/ack", response_model=RequestOut, responses=CONFLICT)
def acknowledge(request_id: RecordId, session: SessionDep, principal: PrincipalDep) -> RequestOut:
    """The liaison has seen the request and is working on it."""
    return service.do_acknowledge(session, principal, request_id)


@router.post("/requests/{request_id}/complete", response_model=RequestOut, responses=CONFLICT)
def complete(request_id: RecordId, answer: CompleteIn, session: SessionDep, principal: PrincipalDep) -> RequestOut:
    """Record the outcome, balance found, amount stopped or frozen, and a note."""
    return service.do_complete(session, principal, request_id, answer)
