"""The big screen (大屏): the command hall's wall display, 16:9, dark blue on black, sized in vw/vh.

It fills 1920×1080 and 3840×2160 alike without a scroll bar. Figures come from `analytics.screen`, which
keeps one answer for every open screen; each screen looks twice a second whether a case, request, warning or
campaign event was published and refreshes at once when one was, so a change shows within a second.
"""

from __future__ import annotations

import time
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from fastapi.responses import Response
from nicegui import app, ui

from antifraud.analytics import screen as figures
from antifraud.analytics.schemas import ScreenOut, StatsSummary, TickerItemOut
from antifraud.core.clock import fmt_local
from antifraud.identifiers import JINHUA_DIVISIONS
from antifraud.ui.i18n import label, local_name, t
from antifraud.ui.layout import call
from antifraud.ui.session import frame, require

LOOK_SECONDS = 0.5  # how often a screen looks for a published change: a change shows within a second
MAP_JS = "/screen/jinhua-map.js"
TILES = (
    ("reports_today", "int"), ("reports_year", "int"), ("loss_today", "money"), ("loss_year", "money"),
    ("stopped_today", "money"), ("stopped_year", "money"), ("pending", "int"), ("overdue", "int"),
    ("median", "duration"),
    ("warnings_today", "int"), ("dissuaded_today", "int"), ("dissuaded_year", "int"),
    ("protected_today", "money"), ("protected_year", "money"), ("first_contact", "duration"),
    ("warnings_year", "int"), ("pushed_out_year", "int"), ("pushed_in_year", "int"),
    ("gangs_taken_down", "int"), ("suspects_arrested", "int"), ("money_frozen", "money"),
)
HEADLINE = ("reports_year", "reports_today", "dissuaded_year", "dissuaded_today", "stopped_year", "stopped_today",
            "protected_year", "protected_today")
MORE = tuple(key for key, _ in TILES if key not in HEADLINE)
DESK = ("open", "unclaimed", "urgent", "oldest")
PREVENTION = ("running", "delivered_month", "reach_month", "reach_year")
TEXT = "#cfe3ff"
MUTED = "#7fa6d9"
ACCENT = "#3fc1ff"
CSS = """
.q-header { opacity: 0; transition: opacity .2s; }
.q-header:hover { opacity: 1; }
.q-page-container { padding-top: 0 !important; }
.nicegui-content { padding: 0 !important; }
html, body { overflow: hidden; background: #000; }
.wall { position: fixed; inset: 0; width: 100vw; height: 100vh; overflow: hidden; background: #000;
  color: #cfe3ff; display: grid; grid-template-rows: 6vh 13vh minmax(0, 1fr); gap: 1vh; padding: 1vh 0.8vw;
  box-sizing: border-box; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.wall-head { display: flex; align-items: center; justify-content: space-between; border-bottom: 0.2vh solid #1d4f9c; }
.wall-title { font-size: 3.4vh; font-weight: 700; letter-spacing: 0.3vw; color: #e3efff;
  text-shadow: 0 0 1vh #2f7bff; }
.wall-clock { font-size: 1.6vh; color: #7fa6d9; min-width: 22vw; }
.wall-kpis { display: grid; grid-template-columns: repeat(4, minmax(0, 0.8fr)) repeat(4, minmax(0, 1.2fr));
  gap: 0.6vw; }
.wall-kpi { background: linear-gradient(180deg, #0a1f4a 0%, #06122b 100%); border: 0.1vh solid #1d4f9c;
  border-radius: 0.6vh; display: flex; flex-direction: column; justify-content: center; align-items: center;
  min-width: 0; }
.wall-kpi-label { font-size: 1.6vh; color: #7fa6d9; white-space: nowrap; }
.wall-kpi-value { font-size: 3.4vh; font-weight: 700; color: #3fc1ff; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.wall-main { display: grid; grid-template-columns: 26fr 48fr 26fr; gap: 0.8vw; min-height: 0; }
.wall-col { display: flex; flex-direction: column; gap: 1vh; min-height: 0; }
.wall-panel { background: #06122b; border: 0.1vh solid #1d4f9c; border-radius: 0.6vh; padding: 0.8vh 0.6vw;
  display: flex; flex-direction: column; min-height: 0; overflow: hidden; }
.wall-panel-title { font-size: 1.8vh; color: #8cc8ff; font-weight: 600; border-left: 0.3vw solid #3fc1ff;
  padding-left: 0.5vw; display: flex; align-items: center; justify-content: space-between; flex: none; }
.wall-chart { flex: 1 1 auto; min-height: 0; width: 100%; }
.wall-chart > div { width: 100%; height: 100%; }
.wall-ticker { flex: 1 1 auto; min-height: 0; overflow: hidden; display: flex; flex-direction: column;
  gap: 0.4vh; margin-top: 0.6vh; }
.wall-tick { flex: none; font-size: 1.55vh; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #cfe3ff; }
.wall-tick-kind { display: inline-block; min-width: 4.6vw; padding: 0 0.3vw; margin-right: 0.4vw;
  border-radius: 0.3vh; text-align: center; font-size: 1.4vh; }
.wall-tick-report { background: #12407f; }
.wall-tick-stop { background: #0d5c4a; }
.wall-tick-dissuasion { background: #6b4b00; }
.wall-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.6vh 0.6vw;
  margin-top: 0.6vh; flex: 1 1 auto; min-height: 0; align-content: space-evenly; }
.wall-strip { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.wall-fig-label { font-size: 1.35vh; color: #7fa6d9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-fig-value { font-size: 2.1vh; font-weight: 700; color: #e3efff; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.wall-alert { color: #ff5a5a !important; }
.wall-toggle .q-btn { font-size: 1.3vh; min-height: 2.4vh; padding: 0 0.6vw; }
"""


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


@cache
def _map_module() -> bytes:
    """A module that registers the counties' GeoJSON with the app's own ECharts before any chart is made."""
    geojson = resources.files("antifraud.analytics").joinpath("data/jinhua_counties.geojson").read_text("utf-8")
    return (f'import {{ echarts }} from "nicegui-echart";\necharts.registerMap("jinhua", {geojson.strip()});\n'
            ).encode()


def _font(vh: float) -> dict[str, str]:
    """A chart text size that follows the window's height, as the page's own text does."""
    return {":fontSize": f"Math.max(10, Math.round(window.innerHeight * {vh / 100}))"}


def _axis(**extra: Any) -> dict[str, Any]:
    return {"axisLabel": {"color": "#7fa6d9", **_font(1.3)}, "axisLine": {"lineStyle": {"color": "#1d4f9c"}},
            "splitLine": {"lineStyle": {"color": "#0f2a57"}}, **extra}


def _district_names() -> dict[str, str]:
    return {d.code: local_name(d.name_zh, d.name_en) for d in JINHUA_DIVISIONS}


def _map_options(counts: dict[str, int]) -> dict[str, Any]:
    names = _district_names()
    geo_names = {d.code: d.name_zh for d in JINHUA_DIVISIONS}  # the GeoJSON names counties in Chinese
    top = max(counts.values(), default=0)
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c}"},
        "visualMap": {"min": 0, "max": max(top, 1), "left": "2%", "bottom": "3%", "calculable": False,
                      "text": [f"{max(top, 1):,}", "0"],
                      "inRange": {"color": ["#0a2350", "#1456b8", "#1e9be0", "#f5c542", "#ff5a3c"]},
                      "textStyle": {"color": "#7fa6d9", **_font(1.3)}, "itemHeight": 120},
        "series": [{"type": "map", "map": "jinhua", "roam": False, "layoutCenter": ["50%", "52%"],
                    "layoutSize": "98%", "aspectScale": 0.87,
                    "nameMap": {geo_names[c]: names[c] for c in names},
                    "label": {"show": True, "color": "#ffffff", "formatter": "{b}\n{c}", **_font(1.5),
                              "textBorderColor": "#000", "textBorderWidth": 2},
                    "itemStyle": {"borderColor": "#6fb7ff", "borderWidth": 1, "areaColor": "#0a2350"},
                    "emphasis": {"label": {"color": "#fff"}, "itemStyle": {"areaColor": "#2a6fd6"}},
                    "data": [{"name": names[c], "value": counts.get(c, 0)} for c in sorted(names)]}],
    }


def _trend_options(out: ScreenOut) -> dict[str, Any]:
    days = [f"{d.day:%m-%d}" for d in out.trend]
    return {
        "grid": {"left": "9%", "right": "4%", "top": "16%", "bottom": "12%"},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "right": 0, "textStyle": {"color": "#cfe3ff", **_font(1.3)}},
        "xAxis": _axis(type="category", data=days, boundaryGap=False),
        "yAxis": _axis(type="value", minInterval=1),
        "series": [
            {"name": t("screen.series_reports"), "type": "line", "smooth": True, "symbol": "none",
             "data": [d.reports for d in out.trend], "lineStyle": {"color": "#3fc1ff", "width": 2},
             "areaStyle": {"color": "rgba(63,193,255,0.18)"}, "itemStyle": {"color": "#3fc1ff"}},
            {"name": t("screen.series_dissuaded"), "type": "line", "smooth": True, "symbol": "none",
             "data": [d.dissuaded for d in out.trend], "lineStyle": {"color": "#f5c542", "width": 2},
             "itemStyle": {"color": "#f5c542"}},
        ],
    }


def _bar_options(keys: list[str], values: list[int], horizontal: bool, color: str) -> dict[str, Any]:
    category = _axis(type="category", data=keys, inverse=horizontal, axisTick={"show": False})
    value = _axis(type="value", minInterval=1)
    return {
        "grid": {"left": "3%", "right": "9%", "top": "6%", "bottom": "3%", "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "xAxis": value if horizontal else category,
        "yAxis": category if horizontal else value,
        "series": [{"type": "bar", "data": values, "barMaxWidth": "60%", "itemStyle": {"color": color},
                    "label": {"show": True, "position": "right" if horizontal else "top", "color": "#cfe3ff",
                              **_font(1.25)}}],
    }


def _partner_options(out: ScreenOut) -> dict[str, Any]:
    partners = out.partners[:8]
    names = [p.partner for p in partners]
    return {
        "grid": {"left": "3%", "right": "6%", "top": "14%", "bottom": "3%", "containLabel": True},
        "legend": {"top": 0, "right": 0, "textStyle": {"color": "#cfe3ff", **_font(1.25)}},
        "tooltip": {"trigger": "axis"},
        "xAxis": _axis(type="value", minInterval=1),
        "yAxis": _axis(type="category", data=names, inverse=True, axisTick={"show": False}),
        "series": [
            {"name": t("screen.partner_open"), "type": "bar", "stack": "open", "itemStyle": {"color": "#1e9be0"},
             "data": [p.pending - p.overdue for p in partners]},
            {"name": t("screen.partner_overdue"), "type": "bar", "stack": "open", "itemStyle": {"color": "#ff5a5a"},
             "data": [p.overdue for p in partners]},
        ],
    }


def _tick(item: TickerItemOut) -> tuple[str, str]:
    """The ticker line of an event: its kind's label and its text (no citizen's identity, ever)."""
    names = _district_names()
    parts = [fmt_local(item.at, "%H:%M:%S"), item.ref]
    if item.fraud_type:
        parts.append(label("fraud_type", item.fraud_type))
    if item.district:
        parts.append(names.get(item.district, item.district))
    if item.partner:
        parts.append(item.partner)
    if item.amount is not None and item.amount > Decimal(0):
        parts.append(t("screen.yuan", amount=f"{item.amount:,.2f}"))
    return t(f"screen.tick_{item.kind}"), " · ".join(parts)


def _panel(title: str, marker: str) -> ui.element:
    with ui.element("div").classes("wall-panel").mark(marker) as panel:
        ui.label(title).classes("wall-panel-title")
    return panel


class Wall:
    """One open screen: its tiles and charts, refreshed when an event says the figures moved."""

    def __init__(self) -> None:
        self.labels: dict[str, ui.label] = {}
        self.desk: dict[str, ui.label] = {}
        self.prevention: dict[str, ui.label] = {}
        self.out: ScreenOut | None = None
        self.map_period = "month"
        with ui.element("div").classes("wall").mark("wall"):
            with ui.element("div").classes("wall-head"):
                self.clock = ui.label("").classes("wall-clock")
                ui.label(t("screen.title")).classes("wall-title")
                ui.label("").classes("wall-clock")
            with ui.element("div").classes("wall-kpis"):
                for key in HEADLINE:
                    with ui.element("div").classes("wall-kpi"):
                        ui.label(t(f"screen.{key}")).classes("wall-kpi-label")
                        self.labels[key] = ui.label("…").classes("wall-kpi-value").props(f"id=tile-{key}")
            with ui.element("div").classes("wall-main"):
                self._left()
                self._centre()
                self._right()

    def _left(self) -> None:
        with ui.element("div").classes("wall-col"):
            with _panel(t("screen.trend"), "trend").style("flex: 1.1"):
                self.trend = ui.echart({}).classes("wall-chart")
            with _panel(t("screen.fraud_types"), "fraud-types").style("flex: 1.3"):
                self.types = ui.echart({}).classes("wall-chart")
            with _panel(t("screen.age_bands"), "age-bands").style("flex: 1"):
                self.ages = ui.echart({}).classes("wall-chart")

    def _centre(self) -> None:
        with ui.element("div").classes("wall-col"):
            with ui.element("div").classes("wall-panel").style("flex: 2.1").mark("map"):
                with ui.element("div").classes("wall-panel-title"):
                    ui.label(t("screen.map"))
                    ui.toggle({"today": t("screen.map_today"), "month": t("screen.map_month")},
                              value=self.map_period, on_change=lambda e: self._show_map(e.value)
                              ).props("dense no-caps toggle-color=blue-8 color=blue-grey-10 text-color=blue-2"
                                      ).classes("wall-toggle").mark("map-period")
                self.map = ui.echart({}).classes("wall-chart")
            with (_panel(t("screen.prevention"), "prevention").style("flex: none"),
                  ui.element("div").classes("wall-grid wall-strip")):
                for key in PREVENTION:
                    with ui.element("div"):
                        ui.label(t(f"screen.prevention_{key}")).classes("wall-fig-label")
                        self.prevention[key] = ui.label("…").classes("wall-fig-value").props(
                            f"id=prevention-{key}")
            with _panel(t("screen.ticker"), "ticker").style("flex: 1"):
                self.ticker = ui.element("div").classes("wall-ticker")

    def _right(self) -> None:
        with ui.element("div").classes("wall-col"):
            with _panel(t("screen.partners"), "partners").style("flex: 1"):
                self.partners = ui.echart({}).classes("wall-chart")
                self.no_partners = ui.label(t("screen.partners_empty")).classes("wall-fig-label")
            with _panel(t("screen.desk"), "desk").style("flex: none"), ui.element("div").classes("wall-grid"):
                for key in DESK:
                    with ui.element("div"):
                        ui.label(t(f"screen.desk_{key}")).classes("wall-fig-label")
                        self.desk[key] = ui.label("…").classes("wall-fig-value").props(f"id=desk-{key}")
            with _panel(t("screen.more"), "more").style("flex: none"), ui.element("div").classes("wall-grid"):
                for key in MORE:
                    with ui.element("div"):
                        ui.label(t(f"screen.{key}")).classes("wall-fig-label")
                        self.labels[key] = ui.label("…").classes("wall-fig-value").props(f"id=tile-{key}")

    def show(self, out: ScreenOut) -> None:
        """Put a new answer on every tile and chart."""
        self.out = out
        kinds = dict(TILES)
        for key, tile in self.labels.items():
            tile.set_text(_fmt(_value(out.summary, key), kinds[key]))
        self.labels["overdue"].classes(replace="wall-fig-value" + (
            " wall-alert" if out.summary.requests_overdue else ""))
        self.clock.set_text(t("screen.updated", at=fmt_local(out.summary.as_of)))
        self._show_map(self.map_period)
        self._set(self.trend, _trend_options(out))
        types = out.fraud_types[:8]
        self._set(self.types, _bar_options([label("fraud_type", c.key) for c in types],
                                           [c.reports for c in types], True, "#1e9be0"))
        ages = [t("screen.age_unknown") if c.key == "unknown" else c.key.replace("-", "–") for c in out.age_bands]
        self._set(self.ages, _bar_options(ages, [c.reports for c in out.age_bands], False, "#3fc1ff"))
        self._set(self.partners, _partner_options(out))
        self.partners.set_visibility(bool(out.partners))
        self.no_partners.set_visibility(not out.partners)
        wait = out.desk.oldest_wait_seconds
        desk = {"open": f"{out.desk.open:,}", "unclaimed": f"{out.desk.unclaimed:,}", "urgent": f"{out.desk.urgent:,}",
                "oldest": "—" if wait is None else t("screen.minutes", minutes=int(wait // 60))}
        for key, value in desk.items():
            self.desk[key].set_text(value)
        self.desk["urgent"].classes(replace="wall-fig-value" + (" wall-alert" if out.desk.urgent else ""))
        for key in PREVENTION:
            self.prevention[key].set_text(f"{getattr(out.prevention, key):,}")
        self._show_ticker(out)

    def _show_map(self, period: str) -> None:
        self.map_period = period
        if self.out is not None:
            counts = self.out.districts_today if period == "today" else self.out.districts_month
            self._set(self.map, _map_options(counts))

    def _show_ticker(self, out: ScreenOut) -> None:
        self.ticker.clear()
        with self.ticker:
            if not out.ticker:
                ui.label(t("screen.ticker_empty")).classes("wall-fig-label")
            for item in out.ticker:
                kind, text = _tick(item)
                with ui.element("div").classes("wall-tick").mark(f"tick-{item.kind}"):
                    ui.label(kind).classes(f"wall-tick-kind wall-tick-{item.kind}")
                    ui.label(text).classes("inline")

    @staticmethod
    def _set(chart: ui.echart, options: dict[str, Any]) -> None:
        chart.options.clear()
        chart.options.update(options)
        chart.update()


def register() -> None:
    """Add the big screen to the UI, with the county map's module it loads."""

    @app.get(MAP_JS, include_in_schema=False)
    def jinhua_map() -> Response:
        return Response(_map_module(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    @ui.page("/screen")
    async def screen() -> None:
        principal = await require("screen")
        if principal is None:
            return
        frame(principal, "screen")
        ui.add_css(CSS)
        ui.add_head_html(f'<script type="module" src="{MAP_JS}"></script>')
        wall = Wall()
        state = {"seen": figures.changes(), "at": time.monotonic(), "busy": False}

        async def refresh() -> None:
            state.update(busy=True, seen=figures.changes(), at=time.monotonic())
            try:
                wall.show(await call(figures.screen, principal))
            finally:
                state["busy"] = False

        async def look() -> None:
            if state["busy"]:
                return
            if figures.changes() != state["seen"] or time.monotonic() - state["at"] > figures.MAX_AGE:
                await refresh()

        await refresh()
        ui.timer(LOOK_SECONDS, look)

