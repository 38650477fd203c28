"""Figures API."""

from __future__ import annotations

from fastapi import APIRouter

from antifraud.analytics import service
from antifraud.analytics.schemas import StatsSummary
from antifraud.web.deps import PrincipalDep, SessionDep

router = APIRouter(tags=["stats"])


@router.get("/stats/summary", response_model=StatsSummary)
def summary(session: SessionDep, principal: PrincipalDep) -> StatsSummary:
    """Today's and this year's reports, losses, money stopped, and request timings."""
    return service.summary(session, principal)
