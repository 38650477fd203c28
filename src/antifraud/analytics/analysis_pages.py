"""The analysis page (研判): breakdowns against the population, drill-down to cases, high-risk findings, and
the periodic summaries."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from nicegui import ui

from antifraud.analytics import service
from antifraud.analytics.breakdown import DIMENSIONS
from antifraud.analytics.report_pages import reports_section
from antifraud.analytics.schemas import BreakdownRowOut, FindingOut
from antifraud.cases import service as cases_service
from antifraud.cases.schemas import MAX_LISTED_IDS
from antifraud.core.auth import Permission
from antifraud.core.clock import now, to_local
from antifraud.core.errors import DomainError
from antifraud.identifiers import JINHUA_DIVISIONS
from antifraud.orgs.service import list_orgs
from antifraud.ui.i18n import label, local_name, options, t
from antifraud.ui.layout import call, show_error, table_texts
from antifraud.ui.session import frame, require

_DISTRICTS = {d.code: d for d in JINHUA_DIVISIONS}


def value_label(dim: str, value: object, stations: dict[str, str] | None = None) -> str:
    """A group's value in the user's words (``stations``: station codes to their names)."""
    if value is None:
        return t("analysis.unknown")
    if dim in ("fraud_type", "occupation", "education", "sex", "loss_band", "channel"):
        return label(dim, str(value))
    if dim == "station":
        return (stations or {}).get(str(value), str(value))
    if dim == "weekday":
        return label("weekday", str(value))
    if dim == "district":
        division = _DISTRICTS.get(str(value))
        return local_name(division.name_zh, division.name_en) if division else str(value)
    if dim == "hour":
        return f"{int(value):02d}:00"  # type: ignore[call-overload]
    return str(value)


def _group_text(row: BreakdownRowOut, stations: dict[str, str]) -> str:
    return " · ".join(value_label(dim, value, stations) for dim, value in row.key.items())


def cases_link(case_ids: list[int]) -> str:
    """The case list showing these cases (at most as many as a list may be asked for)."""
    return "/cases?" + urlencode({"ids": ",".join(str(i) for i in case_ids[:MAX_LISTED_IDS])})


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def campaign_link(finding: FindingOut) -> str:
    """The new-campaign page filled in from a finding: its district, age band, fraud type and sentence."""
    query = {"district": finding.district, "age_band": finding.group.get("age_band", ""),
             "fraud_type": finding.fraud_type, "finding": finding.text}
    return f"/campaigns/new?{urlencode(query)}"


def register() -> None:
    """Add the analysis page to the UI."""

    @ui.page("/analysis")
    async def analysis_page() -> None:
        principal = await require("analysis")
        if principal is None:
            return
        frame(principal, "analysis")
        ui.label(t("analysis.title")).classes("text-h6")
        today = to_local(now()).date()  # type: ignore[union-attr]
        dims = {d: t(f"dim.{d}") for d in DIMENSIONS}
        stations = {o.code: local_name(o.name_zh, o.name_en) for o in await call(list_orgs, "police")}
        with ui.row().classes("items-end gap-4"):
            by = ui.select(dims, value="age_band", label=t("analysis.by")).classes("w-40").props("data-testid=by").mark("by")
            by2 = ui.select({"": "—", **dims}, value="", label=t("analysis.by2")).classes("w-40")
            date_from = ui.input(t("analysis.date_from"), value=date(today.year, 1, 1).isoformat()).classes("w-36")
            date_to = ui.input(t("analysis.date_to"), value=today.isoformat()).classes("w-36")
            fraud = ui.select({"": "—", **options("fraud_type")}, value="", label=t("analysis.fraud_type")
                              ).classes("w-56")
            run = ui.button(t("analysis.run")).props("data-testid=run").mark("run")
        population = ui.label("").classes("text-caption text-grey-8")
        chart = ui.echart({"tooltip": {}, "xAxis": {"type": "category", "data": []}, "yAxis": {"type": "value"},
                           "series": [{"type": "bar", "data": [], "name": t("analysis.reports")}]}
                          ).classes("w-full h-72")
        columns = [{"name": n, "label": t(k), "field": n, "align": "left" if n == "group" else "right"}
                   for n, k in (("group", "analysis.group"), ("reports", "analysis.reports"),
                                ("loss", "analysis.loss"), ("rate", "analysis.rate"), ("ci", "analysis.ci"),
                                ("lift", "analysis.lift"), ("previous", "analysis.previous"),
                                ("year_ago", "analysis.year_ago"))]
        table = table_texts(ui.table(columns=columns, rows=[], row_key="id", pagination=20)).classes("w-full").mark(
            "breakdown")
        table.add_slot("body-cell-reports", '<q-td :props="props"><a href="#" @click.prevent="'
                                            '$parent.$emit(\'drill\', props.row)">{{ props.row.reports }}</a></q-td>')
        drill = ui.column().classes("w-full")
        behind: dict[int, list[int]] = {}

        async def load() -> None:
            try:
                answer = await call(service.breakdown, principal, by.value, by2.value or None,
                                    date.fromisoformat(date_from.value), date.fromisoformat(date_to.value),
                                    fraud.value or None, True)
            except (DomainError, ValueError) as exc:
                show_error(exc)
                return
            population.set_text(t("analysis.population", residents=f"{answer.population:,}") if answer.population
                                else t("analysis.no_population"))
            groups = [_group_text(r, stations) for r in answer.rows]
            chart.options["xAxis"]["data"] = groups
            chart.options["series"][0]["data"] = [r.reports for r in answer.rows]
            chart.update()
            table.rows = [{"id": i, "group": groups[i], "reports": r.reports, "loss": f"{r.loss:,.2f}",
                           "rate": _figure(r.rate_per_10k), "lift": _figure(r.lift),
                           "ci": "—" if r.ci is None else f"{r.ci[0]:.2f} – {r.ci[1]:.2f}",
                           "previous": r.previous, "year_ago": r.year_ago,
                           "cases": r.case_ids[:200] if r.case_ids else []} for i, r in enumerate(answer.rows)]
            behind.clear()  # every row's case ids stay on the server; the browser gets the first 200
            behind.update({i: r.case_ids or [] for i, r in enumerate(answer.rows)})
            table.update()
            drill.clear()

        async def show_cases(event) -> None:  # type: ignore[no-untyped-def]
            row = event.args
            numbers = await call(cases_service.case_numbers, principal, row["cases"])
            drill.clear()
            with drill:
                ui.label(t("analysis.cases_of", group=row["group"], count=row["reports"])).classes("text-subtitle1")
                every = behind.get(row["id"], row["cases"])
                ui.link(t("analysis.open_cases"), cases_link(every)).props("data-testid=open-cases").mark(
                    "open-cases")
                if len(every) > MAX_LISTED_IDS:
                    ui.label(t("analysis.cases_capped", n=MAX_LISTED_IDS)).classes("text-caption")
                with ui.row().classes("gap-2 flex-wrap"):
                    for case_id in row["cases"]:
                        if case_id in numbers:
                            ui.link(numbers[case_id], f"/cases/{case_id}")

        table.on("drill", show_cases)
        run.on_click(load)
        await load()
        ui.label(t("analysis.findings")).classes("text-h6 q-mt-md")
        found = await call(service.findings, principal)
        if not found:
            ui.label(t("analysis.no_findings")).classes("text-grey-8")
        for finding in found:
            with ui.card().classes("w-full"):
                ui.label(local_name(finding.text, finding.text_en)).props("data-testid=finding")
                if principal.can(Permission.PREVENTION_MANAGE):  # one click from a finding to a campaign
                    ui.link(t("campaign.create_from_finding"), campaign_link(finding)).props(
                        "data-testid=finding-campaign")
        await reports_section(principal)
