"""Report intake and case work API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Query, Response, UploadFile

from antifraud.cases import service
from antifraud.cases.files import ALLOWED_TYPES, MAX_ATTACHMENT_BYTES, served_media_type
from antifraud.cases.history import case_timeline
from antifraud.cases.schemas import (
    MAX_LISTED_IDS,
    AssignIn,
    AttachmentOut,
    CaseIdValue,
    CaseIn,
    CaseOut,
    CaseQuery,
    CaseSummary,
    CorrectionIn,
    FraudType,
    IdentifierIn,
    NoteIn,
    RouteIn,
    StatusIn,
    TimelineEntry,
    UnroutableOut,
)
from antifraud.cases.words import timeline_text
from antifraud.core.errors import ValidationFailed
from antifraud.settings import get_settings
from antifraud.web.deps import MAX_ID, PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT, file_response

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
               ids: Annotated[list[CaseIdValue] | None, Query(
                   max_length=MAX_LISTED_IDS, description="only these cases (repeat: ids=1&ids=2; a breakdown "
                   "row's case_ids)")] = None,
               ) -> list[CaseSummary]:
    """Newest cases first, one page; the header X-Total-Count says how many match in all."""
    query = CaseQuery(text=(q or "").strip() or None, fraud_type=fraud_type, district_code=district,
                      reported_from=reported_from, reported_to=reported_to, ids=ids or None)
    page = service.search_cases(session, principal, query, limit, offset)
    response.headers[TOTAL_HEADER] = str(page.total)
    return page.items


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """One case with its identifiers, requests, status, investigator and bureau."""
    return service.get_case(session, principal, case_id)


@router.post("/cases/{case_id}/status", response_model=CaseOut, responses=CONFLICT)
def change_status(case_id: RecordId, body: StatusIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """Move the case along its life; 409 when its status does not allow the move; closing and transferring say why."""
    return service.do_change_case_status(session, principal, case_id, body.status, body.reason, body.bureau)


@router.post("/cases/{case_id}/assign", response_model=CaseOut, responses=CONFLICT)
def assign(case_id: RecordId, body: AssignIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """Assign the case to an investigator and/or a county bureau."""
    return service.do_assign_case(session, principal, case_id, body.assignee, body.bureau)


@router.post("/cases/{case_id}/identifiers", response_model=CaseOut, status_code=201, responses=CONFLICT)
def add_identifier(case_id: RecordId, body: IdentifierIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """A receiving card or number found after filing: validated, enriched and dispatched at once."""
    return service.do_add_case_identifier(session, principal, case_id, body)


@router.post("/cases/{case_id}/notes", response_model=CaseOut, status_code=201)
def add_note(case_id: RecordId, body: NoteIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """Add a note to the case."""
    return service.do_add_case_note(session, principal, case_id, body.text)


@router.post("/cases/{case_id}/corrections", response_model=CaseOut)
def correct(case_id: RecordId, body: CorrectionIn, session: SessionDep, principal: PrincipalDep) -> CaseOut:
    """Correct one field; the old value stays on the timeline."""
    return service.do_correct_case(session, principal, case_id, body.field, body.value, body.reason)


@router.post("/cases/{case_id}/attachments", response_model=AttachmentOut, status_code=201)
def add_attachment(case_id: RecordId, file: Annotated[UploadFile, File()], session: SessionDep,
                   principal: PrincipalDep) -> AttachmentOut:
    """Attach a screenshot, chat export or PDF (10 MB at most; its type is read from its content)."""
    content = file.file.read(MAX_ATTACHMENT_BYTES + 1)
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(f"larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB", field="file")
    return service.do_add_case_attachment(session, principal, case_id, file.filename or "", content)


ATTACHMENT_FILE = file_response("application/octet-stream", "The file, always as a download")
for _served in sorted({served_media_type(m) for m in ALLOWED_TYPES} - {"application/octet-stream"}):
    ATTACHMENT_FILE[200]["content"].update(file_response(_served, "")[200]["content"])


@router.get("/cases/{case_id}/attachments/{attachment_id}", response_class=Response, responses=ATTACHMENT_FILE)
def attachment(case_id: RecordId, attachment_id: RecordId, session: SessionDep, principal: PrincipalDep) -> Response:
    """An attached file, always as a download and never rendered by the browser."""
    out, content = service.attachment_file(session, principal, case_id, attachment_id)
    return Response(content, media_type=served_media_type(out.media_type), headers=download_headers(out.filename))


def download_headers(filename: str) -> dict[str, str]:
    """Headers that make a browser save a file, never show it (RFC 6266 name with a UTF-8 form)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "attachment"
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox; default-src 'none'"}


@router.get("/cases/{case_id}/timeline", response_model=list[TimelineEntry])
def timeline(case_id: RecordId, session: SessionDep, principal: PrincipalDep,
             lang: Literal["zh", "en"] | None = None) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first, each with its words in ``lang``."""
    language = lang or get_settings().default_language
    return [e.model_copy(update={"text": timeline_text(e, language)})
            for e in case_timeline(session, principal, case_id)]


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
