"""The analysis page's periodic summaries (定期汇总): make one for a month or a week, list and download them."""

from __future__ import annotations

from nicegui import ui

from antifraud.analytics import reports
from antifraud.analytics.periods import last_finished
from antifraud.analytics.schemas import PeriodicReportOut
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import fmt_local, now, to_local
from antifraud.core.errors import DomainError
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call, show_error, table_texts


def _row(out: PeriodicReportOut) -> dict[str, object]:
    return {"id": out.id, "period": out.period, "format": out.format.upper(), "created": fmt_local(out.created_at),
            "size": f"{out.size / 1024:,.1f}", "by": out.created_by, "origin": label("report_origin", out.origin)}


async def reports_section(principal: Principal) -> None:
    """Analysts, commanders and administrators make and download the periodic summaries here."""
    if not principal.can(Permission.REPORT_MAKE):
        return
    ui.label(t("report.section")).classes("text-h6 q-mt-md")
    today = to_local(now()).date()  # type: ignore[union-attr]
    with ui.row().classes("items-end gap-4"):
        period = ui.input(t("report.period"), value=last_finished("month", today).code).classes("w-64").mark(
            "report-period")
        fmt = ui.select({"pdf": "PDF", "xlsx": "XLSX"}, value="pdf", label=t("report.format")).classes("w-32").mark(
            "report-format")
        make = ui.button(t("report.make")).mark("report-make")
    columns = [{"name": n, "label": t(k), "field": n, "align": "left"}
               for n, k in (("period", "report.col_period"), ("format", "report.format"),
                            ("created", "report.col_created"), ("size", "report.col_size"),
                            ("by", "report.col_by"), ("origin", "report.col_origin"))]
    columns.append({"name": "download", "label": t("report.download"), "field": "id", "align": "left"})
    table = table_texts(ui.table(columns=columns, rows=[], row_key="id", pagination=10)).classes("w-full").mark(
        "reports")
    table.add_slot("body-cell-download", '<q-td :props="props"><a href="#" @click.prevent="'
                                         f'$parent.$emit(\'download\', props.row)">{t("report.download")}</a></q-td>')

    async def refresh() -> None:
        table.rows = [_row(r) for r in await call(reports.list_reports, principal)]
        table.update()

    async def make_one() -> None:
        try:
            out, _ = await call(reports.do_make_report, principal, period.value, fmt.value)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("report.made", period=out.period), type="positive")
        await refresh()

    async def download(event) -> None:  # type: ignore[no-untyped-def]
        try:
            out, content = await call(reports.report_file, principal, int(event.args["id"]))
        except DomainError as exc:
            show_error(exc)
            return
        ui.download.content(content, reports.file_name(out))

    make.on_click(make_one)
    table.on("download", download)
    await refresh()
