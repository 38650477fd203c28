"""Periodic summaries (定期汇总): made on demand or on schedule, kept in the database, listed and downloaded.

A summary covers a month (``2026-11``) or an ISO week (``2026-W47``) and is written as PDF or XLSX from
``periodic.collect_summary``. The serving process queues the scheduled ones as background jobs: each
Monday the previous ISO week's, each 1st the previous month's, in both formats, once each.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import PurePath

from sqlalchemy import ColumnElement, Engine, select, true
from sqlalchemy.orm import Session

from antifraud.analytics.models import PeriodicReport
from antifraud.analytics.periodic import collect_summary
from antifraud.analytics.periods import Period, last_finished, parse_period
from antifraud.analytics.report_pdf import summary_pdf
from antifraud.analytics.report_xlsx import summary_workbook
from antifraud.analytics.schemas import PeriodicReportOut
from antifraud.core import audit
from antifraud.core.auth import SYSTEM, Permission, Principal, Role
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.core.errors import NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.jobs import service as jobs

FORMATS: dict[str, str] = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TOPIC = "reports"
JOB_KIND = "periodic_report"
LISTED = 200  # the newest summaries a list shows


def check_format(fmt: str, field: str = "format") -> str:
    """``pdf`` or ``xlsx``; anything else is refused naming ``field``."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise ValidationFailed(f"not one of {', '.join(FORMATS)}", field=field)
    return fmt


def format_of(path: str, field: str = "out") -> str:
    """The format a file name asks for by its suffix (``report.pdf``, ``report.xlsx``)."""
    suffix = PurePath(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationFailed("must end in .pdf or .xlsx", field=field)
    return suffix


def render(session: Session, principal: Principal, period: Period, fmt: str, at: datetime | None = None) -> bytes:
    """The summary of ``period`` as the principal may see it, written in ``fmt``."""
    summary = collect_summary(session, principal, period, at)
    return summary_pdf(summary) if fmt == "pdf" else summary_workbook(summary)


def report_out(row: PeriodicReport) -> PeriodicReportOut:
    """The API's view of a stored summary."""
    return PeriodicReportOut(id=row.id, period=row.period, kind=row.kind, format=row.format, origin=row.origin,
                             created_at=row.created_at, created_by=row.created_by, org_code=row.org_code,
                             size=row.size, sha256=row.sha256)


def file_name(out: PeriodicReportOut) -> str:
    """The download's file name."""
    return f"antifraud-summary-{out.period}.{out.format}"


def do_make_report(session: Session, principal: Principal, period_text: str, fmt: str, origin: str = "on_demand",
                   schedule_key: str | None = None) -> tuple[PeriodicReportOut, bytes]:
    """Make one period's summary in ``fmt``, keep it for download, audit it; returns it and its bytes."""
    principal.require(Permission.REPORT_MAKE)
    period, fmt = parse_period(period_text), check_format(fmt)
    at = now()
    content = render(session, principal, period, fmt, at)
    row = PeriodicReport(period=period.code, kind=period.kind, format=fmt, origin=origin, schedule_key=schedule_key,
                         created_at=at, created_by=principal.username, org_code=principal.org_code,
                         size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content)
    session.add(row)
    session.flush()
    audit.record(session, principal, "report.make", "periodic_report", row.id,
                 {"period": period.code, "format": fmt, "origin": origin, "size": row.size})
    publish_after_commit(session, TOPIC, {"event": "made", "report_id": row.id})
    return report_out(row), content


def _visible(principal: Principal) -> ColumnElement[bool]:
    """Summaries the principal may read: its own organisation's (a county's covers its county); all for admin."""
    return true() if principal.role == Role.ADMIN else PeriodicReport.org_code == principal.org_code


def list_reports(session: Session, principal: Principal) -> list[PeriodicReportOut]:
    """The stored summaries the principal may read, newest first."""
    principal.require(Permission.REPORT_MAKE)
    rows = session.scalars(select(PeriodicReport).where(_visible(principal))
                           .order_by(PeriodicReport.created_at.desc(), PeriodicReport.id.desc()).limit(LISTED))
    return [report_out(r) for r in rows]


def report_file(session: Session, principal: Principal, report_id: int) -> tuple[PeriodicReportOut, bytes]:
    """A stored summary and its file; 404 for one the principal may not read."""
    principal.require(Permission.REPORT_MAKE)
    row = session.get(PeriodicReport, report_id)
    if row is None or not (principal.role == Role.ADMIN or row.org_code == principal.org_code):
        raise NotFound(f"periodic summary {report_id} not found", field="report_id")
    return report_out(row), row.content


# ---- on schedule, through the background jobs ---------------------------------------------------

def due_periods(today: date) -> list[Period]:
    """What the calendar asks for on a local day: last ISO week on Mondays, last month on the 1st."""
    due = []
    if today.isoweekday() == 1:
        due.append(last_finished("week", today))
    if today.day == 1:
        due.append(last_finished("month", today))
    return due


def schedule_key(period: Period, fmt: str) -> str:
    """The key that makes a scheduled summary once: ``2026-W47.pdf``."""
    return f"{period.code}.{fmt}"


def do_queue_due_reports(engine: Engine, at: datetime) -> int:
    """Queue a job for every scheduled summary due at ``at`` not made or queued yet; returns how many."""
    queued = 0
    with session_scope(engine) as session:
        for period in due_periods(at.astimezone(LOCAL_TZ).date()):
            for fmt in FORMATS:
                key = schedule_key(period, fmt)
                if jobs.job_exists(session, JOB_KIND, key) or _made(session, key):
                    continue
                job = jobs.do_queue_job(session, SYSTEM, JOB_KIND, key, b"")
                job.progress = {"period": period.code, "format": fmt}
                queued += 1
    return queued


def _made(session: Session, key: str) -> bool:
    return session.scalar(select(PeriodicReport.id).where(PeriodicReport.schedule_key == key)) is not None


def do_run_report_job(engine: Engine, job_id: int) -> None:
    """Make a scheduled summary (once: a repeat finds it made) and finish its job."""
    with session_scope(engine) as session:
        job = jobs.job_row(session, job_id)
        principal, key = jobs.principal_of(job), job.source
        period, fmt = str(job.progress["period"]), str(job.progress["format"])
    with session_scope(engine) as session:
        existing = session.scalar(select(PeriodicReport.id).where(PeriodicReport.schedule_key == key))
        if existing is None:
            out, _ = do_make_report(session, principal, period, fmt, origin="scheduled", schedule_key=key)
            existing = out.id
        job = jobs.job_row(session, job_id)
        job.state, job.result, job.finished_at, job.payload = "done", {"report_id": existing}, now(), None
        job.rows_total = job.rows_done = 1


jobs.register(JOB_KIND, do_run_report_job)
jobs.register_tick(JOB_KIND, do_queue_due_reports)
