"""``antifraud report``: the periodic summary (定期汇总) of a month or an ISO week, as PDF or XLSX."""

from __future__ import annotations

from pathlib import Path

import typer

from antifraud.cli.output import console, fail, fail_domain
from antifraud.core.errors import DomainError


def report_command(
    period: str = typer.Option(..., "--period", help="a month 2026-11 or an ISO week 2026-W47"),
    out: Path = typer.Option(..., "--out", help="the file to write; .pdf or .xlsx says the format"),
) -> None:
    """Write a period's summary (reports, loss, warnings, breakdowns, trends, high-risk findings) and keep it."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from antifraud.analytics.reports import do_make_report, format_of
    from antifraud.core.auth import SYSTEM
    from antifraud.core.db import session_scope

    try:
        fmt = format_of(str(out))
        if not out.parent.is_dir():
            fail(f"out: the folder {out.parent} does not exist")
        with session_scope() as session:
            made, content = do_make_report(session, SYSTEM, period, fmt)
    except DomainError as exc:
        fail_domain(exc)
    except (OperationalError, ProgrammingError) as exc:  # no schema yet, or no database server
        fail(f"database: {type(exc.orig).__name__}; is it reachable and migrated (antifraud db upgrade)?")
    out.write_bytes(content)
    console.print(f"{made.period} summary written to {out} ({made.size:,} bytes, {made.format}); "
                  f"kept as report {made.id}")
