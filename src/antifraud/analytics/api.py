"""Figures and analysis API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from antifraud.analytics import service
from antifraud.analytics.schemas import BreakdownOut, FindingOut, StatsSummary
from antifraud.core.clock import now, to_local
from antifraud.web.deps import PrincipalDep, SessionDep

router = APIRouter(tags=["stats"])
DateFrom = Annotated[date | None, Query(description="first local day of reported_at (default: 1 January)")]
DateFromWindow = Annotated[date | None, Query(description="first local day (default: 13 days before date_to)")]
DateTo = Annotated[date | None, Query(description="last local day of reported_at (default: today)")]
WithCases = Annotated[bool, Query(description="list each row's case ids (drill-down)")]
Dimension = Literal["fraud_type", "age_band", "sex", "occupation", "education", "district", "hour", "weekday"]


@router.get("/stats/summary", response_model=StatsSummary)
def summary(session: SessionDep, principal: PrincipalDep) -> StatsSummary:
    """Today's and this year's reports, losses, money stopped, and request timings."""
    return service.summary(session, principal)


@router.get("/analytics/breakdown", response_model=BreakdownOut, tags=["analytics"])
def breakdown(session: SessionDep, principal: PrincipalDep, by: Dimension, by2: Dimension | None = None,
              date_from: DateFrom = None, date_to: DateTo = None, fraud_type: str | None = None,
              with_cases: WithCases = False) -> BreakdownOut:
    """Reports by one or two dimensions: counts, loss, rate per 10,000 residents, lift and 95 % interval."""
    today = to_local(now()).date()  # type: ignore[union-attr]
    date_to = date_to or today
    date_from = date_from or date(date_to.year, 1, 1)
    return service.breakdown(session, principal, by, by2, date_from, date_to, fraud_type, with_cases)


@router.get("/analytics/findings", response_model=list[FindingOut], tags=["analytics"])
def findings(session: SessionDep, principal: PrincipalDep, date_from: DateFromWindow = None,
             date_to: DateTo = None) -> list[FindingOut]:
    """High-risk districts and groups: cells significantly above their baseline (exact Poisson, FDR)."""
    return service.findings(session, principal, date_from, date_to)
