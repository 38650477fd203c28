"""The periodic summary as a PDF (reportlab), in Chinese, with its tables and bar and line charts.

Chinese needs a CJK font, embedded: Debian's Noto Sans CJK made embeddable (``cjk_font``), else a CJK
font with TrueType outlines that ``fc-list`` knows; without either the standard Adobe-GB1 font
``STSong-Light`` is named instead, which PDF readers supply — so the document always reads in Chinese.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from antifraud.analytics.cjk_font import NOTO_CJK, catalogue_characters, noto_truetype
from antifraud.analytics.periodic import LANG, REPORT_DIMENSIONS, PeriodicSummary, change, group_name, title
from antifraud.analytics.report_xlsx import FIGURES, PERIOD_FIGURES
from antifraud.core.clock import fmt_local
from antifraud.ui.i18n import t

FALLBACK_FONT = "STSong-Light"
EMBEDDED_FONT = "AntifraudCJK"
SERIES_COLOURS = (colors.HexColor("#1f5fa8"), colors.HexColor("#9bbbe0"), colors.HexColor("#c8c8c8"))
FONTS_KEPT = 8  # registered cuts of the font, by character set
_font_lock = threading.Lock()
_fonts: dict[frozenset[str], str] = {}


def _candidates() -> list[tuple[Path, int]]:
    """CJK font files with TrueType outlines to try, as ``fc-list`` knows them."""
    found: list[tuple[Path, int]] = []
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10,
                                    check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        for line in sorted({ln.strip().rstrip(":") for ln in listed.splitlines() if ln.strip()}):
            path = Path(line)
            if path != NOTO_CJK and path.suffix.lower() in (".ttf", ".ttc"):
                found.append((path, 0))
    return found


def cjk_font(texts: Iterable[str] = ()) -> str:
    """The name of a registered font that draws Chinese (and ``texts``): embedded TrueType, else STSong-Light."""
    characters = catalogue_characters() | {c for text in texts for c in text}
    with _font_lock:
        if characters not in _fonts:
            if len(_fonts) >= FONTS_KEPT:
                _fonts.pop(next(iter(_fonts)))
            _fonts[characters] = _register(characters, f"{EMBEDDED_FONT}{len(_fonts) + 1}")
        return _fonts[characters]


def _register(characters: frozenset[str], name: str) -> str:
    try:
        noto = noto_truetype(characters)
    except Exception:  # noqa: BLE001 — a damaged or unexpected font file: the next font will do
        noto = None
    if noto is not None:
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(noto)))
        return name
    fixed = next((f for f in _fonts.values() if f != FALLBACK_FONT), None)
    if fixed is not None:  # a TrueType font found on the system draws every text
        return fixed
    for path, index in _candidates():
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
            return name
        except (TTFError, OSError):  # PostScript outlines, or a file that went away: try the next
            continue
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


class _Styles:
    def __init__(self, font: str) -> None:
        self.title = ParagraphStyle("title", fontName=font, fontSize=17, leading=24, spaceAfter=4)
        self.h2 = ParagraphStyle("h2", fontName=font, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4,
                                 keepWithNext=1)
        self.body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14)
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=11)


def _table(rows: list[list[object]], font: str, widths: list[float] | None = None) -> Table:
    head = ParagraphStyle("head", fontName=font, fontSize=8, leading=10)
    rows = [[Paragraph(str(c), head) if isinstance(c, str) else c for c in rows[0]], *rows[1:]]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef8")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#a0a8b0")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _legend(drawing: Drawing, names: list[str], font: str, x: float, y: float) -> None:
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = x, y, font, 8
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy, legend.deltax = "right", 1, 8, 8, 60
    legend.colorNamePairs = list(zip(SERIES_COLOURS, names, strict=False))
    drawing.add(legend)


def bar_chart(s: PeriodicSummary, dim: str, font: str) -> Drawing:
    """Grouped bars: each group's reports this period, the previous one and a year earlier."""
    groups = s.breakdowns.get(dim, [])[:12]
    drawing = Drawing(170 * mm, 75 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 18 * mm, 150 * mm, 45 * mm
    chart.data = [[g.row.reports for g in groups] or [0], [g.previous for g in groups] or [0],
                  [g.year_ago for g in groups] or [0]]
    chart.categoryAxis.categoryNames = [group_name(dim, g.value)[:8] for g in groups] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    for i, colour in enumerate(SERIES_COLOURS):
        chart.bars[i].fillColor = colour
    drawing.add(chart)
    _legend(drawing, [t("report.this_period", LANG), t("report.previous", LANG), t("report.year_ago", LANG)],
            font, 95 * mm, 73 * mm)
    return drawing


def line_chart(s: PeriodicSummary, font: str) -> Drawing:
    """Reports per day of this period beside the previous period's, day by day."""
    days = max(len(s.daily), len(s.previous_daily), 1)
    drawing = Drawing(170 * mm, 65 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 150 * mm, 42 * mm
    chart.data = [(s.daily + [None] * days)[:days], (s.previous_daily + [None] * days)[:days]]  # type: ignore[operator]
    chart.categoryAxis.categoryNames = [str(i + 1) for i in range(days)]
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    for i, colour in enumerate(SERIES_COLOURS[:2]):
        chart.lines[i].strokeColor = colour
        chart.lines[i].strokeWidth = 1.5
    drawing.add(chart)
    drawing.add(String(12 * mm, 3 * mm, t("report.day_number", LANG), fontName=font, fontSize=7))
    _legend(drawing, [t("report.this_period", LANG), t("report.previous", LANG)], font, 120 * mm, 63 * mm)
    return drawing


def _overview(s: PeriodicSummary, st: _Styles, font: str) -> list[Flowable]:
    head = [t("report.item", LANG), f"{t('report.this_period', LANG)} {s.period.code}",
            f"{t('report.previous', LANG)} {s.previous.code}", t("report.mom", LANG),
            f"{t('report.year_ago', LANG)} {s.year_ago.code}", t("report.yoy", LANG)]
    rows: list[list[object]] = [head,
        [t("report.reports", LANG), _count(s.totals.reports), _count(s.previous_totals.reports),
         _percent(change(s.totals.reports, s.previous_totals.reports)), _count(s.year_ago_totals.reports),
         _percent(change(s.totals.reports, s.year_ago_totals.reports))],
        [t("report.loss", LANG), _money(s.totals.loss), _money(s.previous_totals.loss),
         _percent(change(float(s.totals.loss), float(s.previous_totals.loss))), _money(s.year_ago_totals.loss),
         _percent(change(float(s.totals.loss), float(s.year_ago_totals.loss)))]]
    figures: list[list[object]] = [[t("report.figures", LANG), t("report.value", LANG)]]
    for key, name in FIGURES:
        value = getattr(s.figures, name)
        figures.append([t(key, LANG), _money(value) if isinstance(value, Decimal) else _count(value)])
    period: list[list[object]] = [[t("report.period_figures", LANG), t("report.value", LANG)]]
    for name in PERIOD_FIGURES:
        value = s.period_figures.get(name)
        period.append([t(f"report.period.{name}", LANG), _money(value) if isinstance(value, Decimal) else _count(value)])
    return [Paragraph(t("report.overview", LANG), st.h2), _table(rows, font), Spacer(1, 3 * mm),
            _table(period, font, [70 * mm, 40 * mm]), Spacer(1, 3 * mm), _table(figures, font, [70 * mm, 40 * mm])]


def _breakdown(s: PeriodicSummary, dim: str, st: _Styles, font: str) -> list[Flowable]:
    head = [t("analysis.group", LANG), t("report.reports", LANG), t("report.loss", LANG), t("analysis.rate", LANG),
            t("analysis.ci", LANG), t("analysis.lift", LANG), t("report.previous", LANG), t("report.mom", LANG),
            t("report.year_ago", LANG), t("report.yoy", LANG)]
    rows: list[list[object]] = [head]
    for g in s.breakdowns.get(dim, []):
        r = g.row
        rows.append([Paragraph(group_name(dim, g.value), st.cell), _count(r.reports), _money(r.loss),
                     _figure(r.rate_per_10k), "—" if r.ci is None else f"{r.ci[0]:.2f}–{r.ci[1]:.2f}",
                     _figure(r.lift), _count(g.previous), _percent(change(r.reports, g.previous)),
                     _count(g.year_ago), _percent(change(r.reports, g.year_ago))])
    widths = [30 * mm, 13 * mm, 22 * mm, 16 * mm, 20 * mm, 15 * mm, 12 * mm, 15 * mm, 14 * mm, 15 * mm]
    out: list[Flowable] = [Paragraph(t("report.by", LANG, dimension=t(f"dim.{dim}", LANG)), st.h2),
                           _table(rows, font, widths)]
    if dim in ("fraud_type", "age_band", "district") and s.breakdowns.get(dim):
        out.append(bar_chart(s, dim, font))
    return out


def _findings(s: PeriodicSummary, st: _Styles, font: str) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(t("report.findings", LANG), st.h2)]
    if not s.findings:
        return out + [Paragraph(t("report.no_findings", LANG), st.body)]
    rows: list[list[object]] = [[t("report.finding", LANG), t("report.observed", LANG), t("report.expected", LANG),
                                 t("report.ratio", LANG), t("report.p_value", LANG)]]
    for f in s.findings:
        rows.append([Paragraph(f.text, st.cell), _count(f.observed), _figure(f.expected, 1), _figure(f.ratio, 1),
                     f"{f.p_value:.2g}"])
    return out + [_table(rows, font, [100 * mm, 16 * mm, 16 * mm, 18 * mm, 18 * mm])]


def summary_pdf(s: PeriodicSummary) -> bytes:
    """The summary as PDF bytes."""
    font = cjk_font([s.generated_by, *(f.text for f in s.findings)])
    st = _Styles(font)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title(s.period), author=t("report.center", LANG),
                            subject=s.period.code)
    story: list[Flowable] = [
        Paragraph(title(s.period), st.title),
        Paragraph(t("report.center", LANG), st.body),
        Paragraph(t("report.range", LANG, start=s.period.start.isoformat(), end=s.period.end.isoformat()), st.body),
        Paragraph(t("report.generated", LANG, at=fmt_local(s.generated_at), by=s.generated_by), st.body),
        Paragraph(t("analysis.population", LANG, residents=f"{s.population:,}") if s.population
                  else t("report.no_population", LANG), st.body),
    ]
    story += _overview(s, st, font)
    story += [Paragraph(t("report.daily", LANG), st.h2), line_chart(s, font)]
    for dim in REPORT_DIMENSIONS:
        story += _breakdown(s, dim, st, font)
    story += _findings(s, st, font)
    doc.build(story)
    return out.getvalue()
