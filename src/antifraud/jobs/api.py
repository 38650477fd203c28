"""Background jobs API: how far a job got and what came of it."""

from __future__ import annotations

from fastapi import APIRouter

from antifraud.jobs import service
from antifraud.jobs.schemas import JobOut
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep

router = APIRouter(tags=["jobs"])


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: RecordId, session: SessionDep, principal: PrincipalDep) -> JobOut:
    """A job of the caller's organisation: state, rows done of total, errors so far, result when done."""
    return service.get_job(session, principal, job_id)
