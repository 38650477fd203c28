"""Key figures of the center, computed from the operational database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from antifraud.analytics.schemas import StatsSummary
from antifraud.cases import service as cases
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import now
from antifraud.dispatch import service as dispatch
from antifraud.warnings.service import warning_figures


def summary(session: Session, principal: Principal, at: datetime | None = None) -> StatsSummary:
    """The big screen's headline figures."""
    principal.require(Permission.STATS_READ)
    at = at or now()
    reports = cases.report_figures(session, at)
    requests = dispatch.request_figures(session, at)
    warned = warning_figures(session, at)
    return StatsSummary(**warned,
        as_of=at, reports_today=reports["reports_today"], reports_year=reports["reports_year"],
        loss_today=reports["loss_today"], loss_year=reports["loss_year"],
        stopped_today=requests.stopped_today, stopped_year=requests.stopped_year,
        requests_pending=requests.pending, requests_overdue=requests.overdue,
        requests_completed_today=requests.completed_today,
        median_completion_seconds=requests.median_completion_seconds)
