"""What a periodic summary (定期汇总) says, gathered from the analysis service's own answers.

One ``PeriodicSummary`` feeds both documents (PDF and XLSX): the period's reports and loss, the big
screen's warning and dissuasion figures, a breakdown per victim dimension with the previous period's and
the same period a year earlier's counts beside each group, the daily reports, and the period's high-risk
findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from antifraud.analytics import service
from antifraud.analytics.periods import Period, previous, year_before
from antifraud.analytics.schemas import BreakdownRowOut, FindingOut, StatsSummary
from antifraud.core.auth import Principal
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.identifiers import JINHUA_DIVISIONS
from antifraud.ui.i18n import label, local_name, t

REPORT_DIMENSIONS: tuple[str, ...] = ("fraud_type", "age_band", "sex", "occupation", "education", "district")
LANG = "zh"  # the documents are written in Chinese
_DIVISIONS = {d.code: d for d in JINHUA_DIVISIONS}


@dataclass(frozen=True)
class Totals:
    """Reports and money reported lost in one period."""

    reports: int
    loss: Decimal


@dataclass(frozen=True)
class GroupRow:
    """One group of a breakdown in the period, with the same group's reports in the periods compared."""

    value: str | int | None
    row: BreakdownRowOut
    previous: int
    year_ago: int


@dataclass
class PeriodicSummary:
    """Everything one periodic summary shows."""

    period: Period
    previous: Period
    year_ago: Period
    generated_at: datetime
    generated_by: str
    totals: Totals
    previous_totals: Totals
    year_ago_totals: Totals
    population: int | None
    figures: StatsSummary
    period_figures: dict[str, object] = field(default_factory=dict)  # warnings of the period itself
    breakdowns: dict[str, list[GroupRow]] = field(default_factory=dict)
    daily: list[int] = field(default_factory=list)
    previous_daily: list[int] = field(default_factory=list)
    findings: list[FindingOut] = field(default_factory=list)


def group_name(dim: str, value: object, lang: str = LANG) -> str:
    """A group's value in words (诈骗类型、年龄段、辖区 …)."""
    if value is None:
        return t("analysis.unknown", lang)
    if dim == "district":
        division = _DIVISIONS.get(str(value))
        return local_name(division.name_zh, division.name_en, lang) if division else str(value)
    if dim == "age_band":
        return str(value).replace("-", "–") + ("岁" if lang == "zh" else "")
    return label(dim, str(value), lang)


def title(period: Period, lang: str = LANG) -> str:
    """The document's title."""
    return t("report.title_week", lang, period=period.code) if period.kind == "week" else \
        t("report.title_month", lang, period=period.code)


def change(now_value: float, before: float) -> float | None:
    """Relative change from ``before`` (0.25 = +25 %); None when there was nothing before."""
    return None if not before else (now_value - before) / before


def _totals(rows: list[BreakdownRowOut]) -> Totals:
    return Totals(reports=sum(r.reports for r in rows), loss=sum((r.loss for r in rows), Decimal("0.00")))


def _counts(session: Session, principal: Principal, dim: str, period: Period) -> dict[object, int]:
    answer = service.breakdown(session, principal, dim, None, period.start, period.end, trends=False)
    return {r.key[dim]: r.reports for r in answer.rows}


def _daily(session: Session, principal: Principal, period: Period) -> list[int]:
    days = Counter((f.reported_at.astimezone(LOCAL_TZ).date() - period.start).days
                   for f in service.case_facts(session, principal, period.start, period.end))
    return [days.get(i, 0) for i in range(period.days)]


def collect_summary(session: Session, principal: Principal, period: Period,
                    at: datetime | None = None) -> PeriodicSummary:
    """The periodic summary of ``period`` as the principal may see it (county-scoped like every breakdown)."""
    before, last_year = previous(period), year_before(period)
    by_type = service.breakdown(session, principal, "fraud_type", None, period.start, period.end, trends=False)
    summary = PeriodicSummary(
        period=period, previous=before, year_ago=last_year, generated_at=at or now(),
        generated_by=principal.username, totals=_totals(by_type.rows),
        previous_totals=_totals(service.breakdown(session, principal, "fraud_type", None, before.start,
                                                  before.end, trends=False).rows),
        year_ago_totals=_totals(service.breakdown(session, principal, "fraud_type", None, last_year.start,
                                                  last_year.end, trends=False).rows),
        population=by_type.population, figures=service.summary(session, principal, at))
    for dim in REPORT_DIMENSIONS:
        rows = by_type.rows if dim == "fraud_type" else service.breakdown(
            session, principal, dim, None, period.start, period.end, trends=False).rows
        earlier, year_ago = _counts(session, principal, dim, before), _counts(session, principal, dim, last_year)
        summary.breakdowns[dim] = [GroupRow(value=r.key[dim], row=r, previous=earlier.get(r.key[dim], 0),
                                            year_ago=year_ago.get(r.key[dim], 0)) for r in rows]
    summary.period_figures = service.period_warning_figures(session, principal, period.start, period.end)
    summary.daily = _daily(session, principal, period)
    summary.previous_daily = _daily(session, principal, before)
    summary.findings = service.findings(session, principal, period.start, period.end)
    return summary
