"""Figures for the big screen and the stats API, the analysis answers and the periodic summaries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field


class StatsSummary(BaseModel):
    """Today's and this year's figures (local days, Asia/Shanghai)."""

    as_of: datetime
    reports_today: int
    reports_year: int
    loss_today: Decimal
    loss_year: Decimal
    stopped_today: Decimal
    stopped_year: Decimal
    requests_pending: int
    requests_overdue: int
    requests_completed_today: int
    median_completion_seconds: float | None
    warnings_today: int = 0
    warnings_year: int = 0
    reached_today: int = 0
    reached_year: int = 0
    dissuaded_today: int = 0
    dissuaded_year: int = 0
    protected_today: Decimal = Decimal("0.00")
    protected_year: Decimal = Decimal("0.00")
    median_first_contact_seconds: float | None = None
    pushed_out_today: int = 0
    pushed_out_year: int = 0
    pushed_in_today: int = 0
    pushed_in_year: int = 0
    gangs_taken_down: int = 0
    suspects_arrested: int = 0
    devices_seized: int = 0
    money_frozen: Decimal = Decimal("0.00")


class BreakdownRowOut(BaseModel):
    """One group of a breakdown: ``key`` names its value along each dimension asked for."""

    key: dict[str, str | int | None]
    reports: int
    loss: Decimal
    rate_per_10k: float | None
    lift: float | None
    ci: tuple[float, float] | None
    case_ids: list[int] | None = None
    previous: int | None = None  # the same group's reports in the period of the same length just before
    previous_loss: Decimal | None = None
    year_ago: int | None = None  # the same group's reports over the same dates a year earlier
    year_ago_loss: Decimal | None = None


class BreakdownOut(BaseModel):
    """A breakdown of reports over ``[date_from, date_to]`` (local days of ``reported_at``)."""

    by: list[str]
    date_from: date
    date_to: date
    fraud_type: str | None
    population: int | None  # residents in the denominators; None when no population is imported
    rows: list[BreakdownRowOut]
    previous_from: date | None = None  # the periods each row's ``previous`` and ``year_ago`` count
    previous_to: date | None = None
    year_ago_from: date | None = None
    year_ago_to: date | None = None


class PopulationImportOut(BaseModel):
    """What a population import did."""

    cells: int
    residents: int
    replaced: int


class FindingOut(BaseModel):
    """A district × group × fraud type significantly above its baseline (高危辖区、高危人群)."""

    district: str
    district_name: str | None
    group: dict[str, str]
    fraud_type: str
    observed: int
    expected: float
    ratio: float
    p_value: float
    baseline: str  # population, history or both
    since: date | None
    text: str
    text_en: str
    case_ids: list[int]


class PeriodicReportIn(BaseModel):
    """A periodic summary to make: ``period`` is a month ``2026-11`` or an ISO week ``2026-W47``."""

    period: str = Field(max_length=16, examples=["2026-11", "2026-W47"])
    format: Literal["pdf", "xlsx"]


class PeriodicReportOut(BaseModel):
    """A stored periodic summary (定期汇总); its file is at ``GET /api/v1/analytics/reports/{id}/file``."""

    id: int
    period: str
    kind: str  # month or week
    format: str  # pdf or xlsx
    origin: str  # on_demand or scheduled
    created_at: datetime
    created_by: str
    org_code: str
    size: int
    sha256: str


class CountOut(BaseModel):
    """A group and its reports."""

    key: str
    reports: int


class TrendDayOut(BaseModel):
    """One local day of the screen's 30-day trend."""

    day: date
    reports: int
    dissuaded: int


class TickerItemOut(BaseModel):
    """One line of the screen's ticker: a report filed, money stopped, or a citizen dissuaded."""

    kind: Literal["report", "stop", "dissuasion"]
    at: datetime
    ref: str  # case number or warning number
    fraud_type: str | None = None
    district: str | None = None
    partner: str | None = None
    amount: Decimal | None = None


class PartnerLoadOut(BaseModel):
    """A partner's open requests and how many are past their deadline."""

    partner: str
    pending: int
    overdue: int


class DeskQueueOut(BaseModel):
    """The intervention desk's open warnings."""

    open: int
    unclaimed: int
    urgent: int
    oldest_wait_seconds: float | None


class PreventionFiguresOut(BaseModel):
    """Prevention campaigns as the command hall sees them: counts and reach, no citizen's data."""

    running: int = 0  # sent to their partner and not yet fully delivered
    delivered_month: int = 0  # delivered (in whole or in part) this local month
    reach_month: int = 0  # people the partners reported reaching this month
    reach_year: int = 0  # people the partners reported reaching this year


class ScreenOut(BaseModel):
    """Everything the command hall's screen (大屏) shows, computed at ``summary.as_of``."""

    summary: StatsSummary
    districts_today: dict[str, int]  # county code -> reports today
    districts_month: dict[str, int]  # county code -> reports this month
    trend: list[TrendDayOut]  # the last 30 local days, oldest first
    fraud_types: list[CountOut]  # this year's reports by fraud type, most first
    age_bands: list[CountOut]  # this year's victims by age band, in band order
    ticker: list[TickerItemOut]  # newest first
    partners: list[PartnerLoadOut]
    desk: DeskQueueOut
    prevention: PreventionFiguresOut = PreventionFiguresOut()
