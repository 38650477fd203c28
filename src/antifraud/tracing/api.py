"""Statements and tracing API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response

from antifraud.core.errors import ValidationFailed
from antifraud.tracing import service
from antifraud.tracing.schemas import (
    ImportOut,
    StatementAnswerOut,
    StatementBatchIn,
    StatementRequestsOut,
    StopOut,
    StopPlanOut,
    TraceIn,
    TraceOut,
)
from antifraud.tracing.statements import upload_name
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT, XLSX, file_response

router = APIRouter(tags=["tracing"])
MAX_UPLOAD = 50 * 1024 * 1024


QUEUED = {202: {"model": ImportOut, "description": "Large import queued as a background job: follow "
                                                    "`job_id` at GET /api/v1/jobs/{id}"}}


def _answer(out: ImportOut, response: Response) -> ImportOut:
    """201 for an import done in the request, 202 for one queued as a job."""
    response.status_code = 202 if out.state == "queued" else 201
    return out


@router.post("/statements", response_model=ImportOut, status_code=201, responses=QUEUED)
def post_statements(batch: StatementBatchIn, session: SessionDep, principal: PrincipalDep,
                    response: Response) -> ImportOut:
    """Statement rows from a bank system (canonical columns); repeats are ignored; a large batch is a job."""
    return _answer(service.do_import_statement_rows(session, principal, batch), response)


@router.post("/statements/upload", response_model=ImportOut, status_code=201, responses=QUEUED)
def upload_statements(file: Annotated[UploadFile, File()], session: SessionDep,
                      principal: PrincipalDep, response: Response) -> ImportOut:
    """A CSV or XLSX statement file, canonical or the per-card Chinese layout; a large file is a job."""
    name = upload_name(file.filename or "upload.csv")
    content = file.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise ValidationFailed(f"{name}: larger than 50 MB", field="file")
    return _answer(service.do_import_statement_file(session, principal, content, name), response)


ANSWER_QUEUED = {202: {"model": StatementAnswerOut,
                       "description": "Large statement queued as a background job: the request is completed "
                                      "when the job has stored it; follow `job_id` at GET /api/v1/jobs/{id}"}}


@router.post("/requests/{request_id}/statement", response_model=StatementAnswerOut, status_code=201,
             responses=CONFLICT | ANSWER_QUEUED)
def answer_statement_request(request_id: RecordId, file: Annotated[UploadFile, File()], session: SessionDep,
                             principal: PrincipalDep, response: Response) -> StatementAnswerOut:
    """A bank answers its statement request (调单) with the card's statement, CSV or XLSX.

    Taken whole or not at all: a row of another card or outside the period asked for is a 422 naming
    the line and why. Accepted (201), the request is completed and the case is traced again by a job
    (`retrace_job_id`). A file over 1 MB is read by a job (202, `job_id`): the request is completed when
    the job has stored the statement, and a refused line fails the job, named in its `errors`.
    """
    name = upload_name(file.filename or "upload.csv")
    content = file.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise ValidationFailed(f"{name}: larger than 50 MB", field="file")
    out = service.do_answer_statement_request(session, principal, request_id, content, name)
    response.status_code = 202 if out.job_id is not None else 201
    return out


@router.post("/cases/{case_id}/trace/statements", response_model=StatementRequestsOut, status_code=201)
def request_statements(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> StatementRequestsOut:
    """Ask the banks for the statement of every reached card whose statement is not in (调单)."""
    return service.do_request_statements(session, principal, case_id)


@router.get("/cases/{case_id}/trace/stop", response_model=StopPlanOut)
def stop_plan(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> StopPlanOut:
    """What "stop all reached" would send and skip (with why), to show before it is confirmed."""
    return service.stop_plan(session, principal, case_id)


@router.post("/cases/{case_id}/trace", response_model=TraceOut)
def trace(case_id: RecordId, session: SessionDep, principal: PrincipalDep, options: TraceIn | None = None) -> TraceOut:
    """Trace the case's money up to five tiers (or as asked) and keep the result."""
    return service.do_trace_case(session, principal, case_id, options or TraceIn())


@router.get("/cases/{case_id}/trace", response_model=TraceOut)
def latest(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> TraceOut:
    """The case's newest trace, with each reached card's stop-payment state."""
    return service.latest_trace(session, principal, case_id)


@router.post("/cases/{case_id}/trace/stop", response_model=StopOut)
def stop_all(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> StopOut:
    """One stop-payment per reached card still holding the victim's money, never duplicating an open one."""
    return service.do_stop_all_reached(session, principal, case_id)


@router.get("/cases/{case_id}/trace.xlsx", response_class=Response,
            responses=file_response(XLSX, "The newest trace as an XLSX workbook"))
def export(case_id: RecordId, session: SessionDep, principal: PrincipalDep) -> Response:
    """The newest trace as an XLSX workbook."""
    out, content = service.trace_export(session, principal, case_id)
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="trace-{out.case_no}.xlsx"'})
