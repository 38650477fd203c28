"""Partner work-platform API: a bank's or carrier's own queue of requests."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from antifraud.core import longpoll
from antifraud.dispatch import service
from antifraud.dispatch.schemas import CompleteIn, RequestOut
from antifraud.web.deps import MAX_ID, BearerTokenDep, PrincipalDep, RecordId, SessionDep, as_principal
from antifraud.web.openapi import CONFLICT

router = APIRouter(tags=["requests"])
MAX_WAIT_SECONDS = 60

WAIT = ("Long-poll: when the list holds no request newer than `after_id`, wait up to this many seconds "
        f"(0 … {MAX_WAIT_SECONDS}) and answer as soon as a new request for the organisation is committed; "
        "when the time is up, answer the list as it stands (for `status=pending` usually empty). Holds no "
        "database connection while waiting.")
AFTER_ID = ("With `wait`: the highest request id the caller has already seen (0: none); the call answers "
            "at once if the list holds a newer one. The answer is always the whole list, never only the new.")


@router.get("/requests", response_model=list[RequestOut])
async def list_requests(request: Request, token: BearerTokenDep, status: str = "open", limit: int = 500,
                        wait: float | None = Query(None, ge=0, le=MAX_WAIT_SECONDS, description=WAIT),
                        after_id: int = Query(0, ge=0, le=MAX_ID, description=AFTER_ID)) -> list[RequestOut]:
    """The caller's organisation's requests (police see all), most urgent first; with `wait`, a long-poll."""
    async def read() -> longpoll.Reading[list[RequestOut]]:
        return await as_principal(request, token, service.read_queue, status=status,
                                  limit=min(max(limit, 1), 2000), after_id=after_id)

    first = await read()
    if not wait:
        return first.answer
    longpoll.listen(request.app.state.engine)
    # Callers of one queue woken by the same commit share one read (their tokens were checked on arrival).
    return (await longpoll.long_poll(read, first, wait, share=(status, min(max(limit, 1), 2000)))).answer


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
