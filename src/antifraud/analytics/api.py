"""Figures and analysis API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from antifraud.analytics import reports, screen, service
from antifraud.analytics.schemas import (
    BreakdownOut,
    FindingOut,
    PeriodicReportIn,
    PeriodicReportOut,
    ScreenOut,
    StatsSummary,
)
from antifraud.core.clock import now, to_local
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import file_response

router = APIRouter(tags=["stats"])
DateFrom = Annotated[date | None, Query(description="first local day of reported_at (default: 1 January)")]
DateFromWindow = Annotated[date | None, Query(description="first local day (default: 13 days before date_to)")]
DateTo = Annotated[date | None, Query(description="last local day of reported_at (default: today)")]
WithCases = Annotated[bool, Query(description="list each row's case ids (drill-down)")]
Trends = Annotated[bool, Query(description="each row's reports and loss in the period just before and a year earlier")]
Dimension = Literal["fraud_type", "age_band", "sex", "occupation", "education", "district", "station", "loss_band",
                    "channel", "hour", "weekday"]


@router.get("/stats/summary", response_model=StatsSummary)
def summary(session: SessionDep, principal: PrincipalDep) -> StatsSummary:
    """Today's and this year's reports, losses, money stopped, and request timings."""
    return service.summary(session, principal)


@router.get("/stats/screen", response_model=ScreenOut)
def screen_figures(session: SessionDep, principal: PrincipalDep) -> ScreenOut:
    """Everything the command hall's screen shows: headline figures, counties, 30-day trend, fraud types,
    age bands, the ticker of reports, stops and dissuasions, partners' open requests and the desk's queue."""
    return screen.screen(session, principal)


@router.get("/analytics/breakdown", response_model=BreakdownOut, tags=["analytics"])
def breakdown(session: SessionDep, principal: PrincipalDep, by: Dimension, by2: Dimension | None = None,
              date_from: DateFrom = None, date_to: DateTo = None, fraud_type: str | None = None,
              with_cases: WithCases = False, trends: Trends = True) -> BreakdownOut:
    """Reports by one or two dimensions: counts, loss, rate per 10,000 residents, lift and 95 % interval."""
    today = to_local(now()).date()  # type: ignore[union-attr]
    date_to = date_to or today
    date_from = date_from or date(date_to.year, 1, 1)
    return service.breakdown(session, principal, by, by2, date_from, date_to, fraud_type, with_cases, trends)


@router.get("/analytics/findings", response_model=list[FindingOut], tags=["analytics"])
def findings(session: SessionDep, principal: PrincipalDep, date_from: DateFromWindow = None,
             date_to: DateTo = None) -> list[FindingOut]:
    """High-risk districts and groups: cells significantly above their baseline (exact Poisson, FDR)."""
    return service.findings(session, principal, date_from, date_to)


@router.get("/analytics/reports", response_model=list[PeriodicReportOut], tags=["analytics"])
def list_reports(session: SessionDep, principal: PrincipalDep) -> list[PeriodicReportOut]:
    """Periodic summaries (定期汇总) made for the caller's organisation, newest first."""
    return reports.list_reports(session, principal)


@router.post("/analytics/reports", response_model=PeriodicReportOut, status_code=201, tags=["analytics"])
def make_report(body: PeriodicReportIn, session: SessionDep, principal: PrincipalDep) -> PeriodicReportOut:
    """Make a month's (``2026-11``) or ISO week's (``2026-W47``) summary as PDF or XLSX and keep it."""
    out, _ = reports.do_make_report(session, principal, body.period, body.format)
    return out


SUMMARY_FILE = file_response(reports.FORMATS["pdf"], "The summary as PDF or XLSX, by its format")
SUMMARY_FILE[200]["content"].update(file_response(reports.FORMATS["xlsx"], "")[200]["content"])


@router.get("/analytics/reports/{report_id}/file", response_class=Response, tags=["analytics"],
            responses=SUMMARY_FILE)
def report_file(report_id: RecordId, session: SessionDep, principal: PrincipalDep) -> Response:
    """The stored summary's file, as an attachment."""
    out, content = reports.report_file(session, principal, report_id)
    return Response(content, media_type=reports.FORMATS[out.format],
                    headers={"Content-Disposition": f'attachment; filename="{reports.file_name(out)}"'})
