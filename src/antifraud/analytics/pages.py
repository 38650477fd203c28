"""The big screen (大屏): live headline figures for the command hall."""

from __future__ import annotations

from nicegui import ui

from antifraud.analytics import service
from antifraud.analytics.schemas import StatsSummary
from antifraud.core.clock import fmt_local
from antifraud.ui.i18n import t
from antifraud.ui.layout import call
from antifraud.ui.session import frame, require

REFRESH_SECONDS = 1.0
TILES = (
    ("reports_today", "int"), ("reports_year", "int"), ("loss_today", "money"), ("loss_year", "money"),
    ("stopped_today", "money"), ("stopped_year", "money"), ("pending", "int"), ("overdue", "int"),
    ("median", "duration"),
    ("warnings_today", "int"), ("dissuaded_today", "int"), ("dissuaded_year", "int"),
    ("protected_today", "money"), ("protected_year", "money"), ("first_contact", "duration"),
    ("warnings_year", "int"), ("pushed_out_year", "int"), ("pushed_in_year", "int"),
    ("gangs_taken_down", "int"), ("suspects_arrested", "int"), ("money_frozen", "money"),
)


def _value(summary: StatsSummary, key: str) -> object:
    mapping = {"pending": summary.requests_pending, "overdue": summary.requests_overdue,
               "median": summary.median_completion_seconds,
               "first_contact": summary.median_first_contact_seconds}
    return mapping[key] if key in mapping else getattr(summary, key)


def _fmt(value: object, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "duration":
        seconds = int(float(value))  # type: ignore[arg-type]
        return f"{seconds // 60}′{seconds % 60:02d}″"
    return f"{value:,}"


def register() -> None:
    """Add the big screen to the UI."""

    @ui.page("/screen")
    async def screen() -> None:
        principal = await require("screen")
        if principal is None:
            return
        frame(principal, "screen")
        ui.query("body").classes(replace="bg-blue-grey-10")
        ui.label(t("screen.title")).classes("text-h4 text-white text-center w-full q-my-md")
        labels = {}
        with ui.grid(columns=3).classes("w-full gap-4"):
            for key, _kind in TILES:
                with ui.card().classes("bg-blue-grey-9 text-white items-center"):
                    ui.label(t(f"screen.{key}")).classes("text-subtitle1 text-blue-grey-2")
                    labels[key] = ui.label("…").classes("text-h3 text-bold").props(f"id=tile-{key}")
        updated = ui.label("").classes("text-caption text-blue-grey-3")

        async def refresh() -> None:
            summary = await call(service.summary, principal)
            for key, kind in TILES:
                labels[key].set_text(_fmt(_value(summary, key), kind))
            labels["overdue"].classes(replace="text-h3 text-bold " + (
                "text-red-5" if summary.requests_overdue else ""))
            updated.set_text(t("screen.updated", at=fmt_local(summary.as_of)))

        await refresh()
        ui.timer(REFRESH_SECONDS, refresh)
