"""The periodic summary as an XLSX workbook: a summary sheet, then one sheet per table.

Numbers are written as numbers (counts, yuan, rates) so a sheet can add them up; every text cell goes
through the formula guard (``core.cells``), as in every spreadsheet the platform writes.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from antifraud.analytics.periodic import LANG, REPORT_DIMENSIONS, PeriodicSummary, change, group_name, title
from antifraud.core.cells import append_safe, safe_text
from antifraud.core.clock import fmt_local
from antifraud.ui.i18n import t

PERIOD_FIGURES: tuple[str, ...] = ("warnings", "reached", "dissuaded", "protected", "pushed_out", "pushed_in")
"""The period's own warning figures (analytics.service.period_warning_figures), in the order shown."""
FIGURES: tuple[tuple[str, str], ...] = (
    ("screen.reports_year", "reports_year"), ("screen.loss_year", "loss_year"),
    ("screen.stopped_year", "stopped_year"), ("screen.warnings_year", "warnings_year"),
    ("screen.dissuaded_year", "dissuaded_year"), ("screen.protected_year", "protected_year"),
    ("screen.pushed_out_year", "pushed_out_year"), ("screen.pushed_in_year", "pushed_in_year"),
)


def _number(value: Any) -> Any:
    """A cell's number: Decimal money as a float with its two places, None stays empty."""
    return None if value is None else round(float(value), 6)


def _bold_row(sheet: Worksheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _formats(sheet: Worksheet, first_row: int, formats: dict[str, str]) -> None:
    """Show money with two places and changes as percentages; the cells keep their plain numbers."""
    for column, number_format in formats.items():
        for (cell,) in sheet[f"{column}{first_row}:{column}{max(sheet.max_row, first_row)}"]:
            cell.number_format = number_format


def _sheet_title(text: str) -> str:
    return safe_text(text)[:31].replace("/", "·")  # Excel's limit and its forbidden characters


def summary_rows(s: PeriodicSummary) -> list[list[Any]]:
    """The summary sheet's table: reports and loss in the period and the two compared."""
    rows: list[list[Any]] = []
    for key, now_value, before, last_year in (
            ("report.reports", s.totals.reports, s.previous_totals.reports, s.year_ago_totals.reports),
            ("report.loss", s.totals.loss, s.previous_totals.loss, s.year_ago_totals.loss)):
        rows.append([t(key, LANG), _number(now_value), _number(before), _number(change(now_value, before)),
                     _number(last_year), _number(change(now_value, last_year))])
    return rows


def _write_summary(sheet: Worksheet, s: PeriodicSummary) -> None:
    sheet.title = _sheet_title(t("report.sheet_summary", LANG))
    append_safe(sheet, [title(s.period)])
    _bold_row(sheet)
    append_safe(sheet, [t("report.range", LANG, start=s.period.start.isoformat(), end=s.period.end.isoformat())])
    append_safe(sheet, [t("report.generated", LANG, at=fmt_local(s.generated_at), by=s.generated_by)])
    append_safe(sheet, [t("analysis.population", LANG, residents=f"{s.population:,}") if s.population
                        else t("report.no_population", LANG)])
    append_safe(sheet, [])
    append_safe(sheet, [t("report.item", LANG), f"{t('report.this_period', LANG)} {s.period.code}",
                        f"{t('report.previous', LANG)} {s.previous.code}", t("report.mom", LANG),
                        f"{t('report.year_ago', LANG)} {s.year_ago.code}", t("report.yoy", LANG)])
    _bold_row(sheet)
    first = sheet.max_row + 1
    for row in summary_rows(s):
        append_safe(sheet, row)
    _formats(sheet, first, {"B": "#,##0.##", "C": "#,##0.##", "D": "0.0%", "E": "#,##0.##", "F": "0.0%"})
    append_safe(sheet, [])
    append_safe(sheet, [t("report.figures", LANG), t("report.value", LANG)])
    _bold_row(sheet)
    for key, name in FIGURES:
        append_safe(sheet, [t(key, LANG), _number(getattr(s.figures, name))])
    append_safe(sheet, [])
    append_safe(sheet, [t("report.period_figures", LANG), t("report.value", LANG)])
    _bold_row(sheet)
    for name in PERIOD_FIGURES:
        append_safe(sheet, [t(f"report.period.{name}", LANG), _number(s.period_figures.get(name))])
    sheet.column_dimensions["A"].width = 28


def _write_breakdown(wb: Workbook, s: PeriodicSummary, dim: str) -> None:
    sheet = wb.create_sheet(_sheet_title(t(f"dim.{dim}", LANG)))
    append_safe(sheet, [t("analysis.group", LANG), t("report.reports", LANG), t("report.loss", LANG),
                        t("analysis.rate", LANG), t("report.ci_low", LANG), t("report.ci_high", LANG),
                        t("analysis.lift", LANG), t("report.previous", LANG), t("report.mom", LANG),
                        t("report.year_ago", LANG), t("report.yoy", LANG)])
    _bold_row(sheet)
    for g in s.breakdowns.get(dim, []):
        r = g.row
        append_safe(sheet, [group_name(dim, g.value), r.reports, _number(r.loss), _number(r.rate_per_10k),
                            _number(r.ci[0]) if r.ci else None, _number(r.ci[1]) if r.ci else None,
                            _number(r.lift), g.previous, _number(change(r.reports, g.previous)), g.year_ago,
                            _number(change(r.reports, g.year_ago))])
    _formats(sheet, 2, {"C": "#,##0.00", "D": "0.00", "E": "0.00", "F": "0.00", "G": "0.00", "I": "0.0%",
                        "K": "0.0%"})
    sheet.column_dimensions["A"].width = 24


def _write_daily(wb: Workbook, s: PeriodicSummary) -> None:
    sheet = wb.create_sheet(_sheet_title(t("report.sheet_daily", LANG)))
    append_safe(sheet, [t("report.day", LANG), t("report.this_period", LANG), t("report.day_number", LANG),
                        t("report.previous", LANG)])
    _bold_row(sheet)
    for i in range(max(len(s.daily), len(s.previous_daily))):
        day = s.period.start + timedelta(days=i)
        append_safe(sheet, [day.isoformat() if i < len(s.daily) else None,
                            s.daily[i] if i < len(s.daily) else None, i + 1,
                            s.previous_daily[i] if i < len(s.previous_daily) else None])


def _write_findings(wb: Workbook, s: PeriodicSummary) -> None:
    sheet = wb.create_sheet(_sheet_title(t("report.sheet_findings", LANG)))
    append_safe(sheet, [t("report.district", LANG), t("analysis.group", LANG), t("dim.fraud_type", LANG),
                        t("report.observed", LANG), t("report.expected", LANG), t("report.ratio", LANG),
                        t("report.p_value", LANG), t("report.since", LANG), t("report.finding", LANG)])
    _bold_row(sheet)
    if not s.findings:
        append_safe(sheet, [t("report.no_findings", LANG)])
    for f in s.findings:
        band = f.group.get("age_band")
        append_safe(sheet, [group_name("district", f.district),
                            group_name("age_band", band) if band else t("analysis.everyone", LANG),
                            group_name("fraud_type", f.fraud_type), f.observed, f.expected, f.ratio, f.p_value,
                            f.since.isoformat() if f.since else None, f.text])


def summary_workbook(s: PeriodicSummary) -> bytes:
    """The summary as XLSX bytes."""
    wb = Workbook()
    _write_summary(wb.active, s)
    for dim in REPORT_DIMENSIONS:
        _write_breakdown(wb, s, dim)
    _write_daily(wb, s)
    _write_findings(wb, s)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
