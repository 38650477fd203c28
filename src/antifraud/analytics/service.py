"""Key figures of the center and its analysis (研判), computed from the operational database."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from antifraud.analytics import breakdown as engine
from antifraud.analytics import hotspots
from antifraud.analytics.census import parse_population
from antifraud.analytics.models import PopulationRow
from antifraud.analytics.schemas import (
    BreakdownOut,
    BreakdownRowOut,
    FindingOut,
    PopulationImportOut,
    StatsSummary,
)
from antifraud.cases import service as cases
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.errors import ValidationFailed
from antifraud.core.vocab import FRAUD_TYPE_LABELS, FRAUD_TYPES
from antifraud.dispatch import service as dispatch
from antifraud.identifiers import JINHUA_DIVISIONS
from antifraud.operations.service import operation_figures
from antifraud.orgs.service import user_stations
from antifraud.warnings.service import warning_figures, warning_figures_between

MAX_DAYS = 3 * 366  # a breakdown covers at most three years
FINDING_WINDOW_DAYS = 14
HISTORY_DAYS = 56  # the weeks before a window that make a cell's own baseline
_DIVISIONS = {d.code: d for d in JINHUA_DIVISIONS}


def summary(session: Session, principal: Principal, at: datetime | None = None) -> StatsSummary:
    """The big screen's headline figures, with the operations' (gangs taken down, arrests, money frozen)."""
    principal.require(Permission.STATS_READ)
    at = at or now()
    reports = cases.report_figures(session, at)
    requests = dispatch.request_figures(session, at)
    warned = warning_figures(session, at)
    struck = operation_figures(session)
    return StatsSummary(**warned, **struck.model_dump(),
        as_of=at, reports_today=reports["reports_today"], reports_year=reports["reports_year"],
        loss_today=reports["loss_today"], loss_year=reports["loss_year"],
        stopped_today=requests.stopped_today, stopped_year=requests.stopped_year,
        requests_pending=requests.pending, requests_overdue=requests.overdue,
        requests_completed_today=requests.completed_today,
        median_completion_seconds=requests.median_completion_seconds)


def period_warning_figures(session: Session, principal: Principal, start: date, end: date) -> dict[str, Any]:
    """Warnings of the local days ``start`` … ``end`` (both included): raised, reached, dissuaded, money
    protected, pushed to and from peer centers."""
    principal.require(Permission.STATS_READ)
    return warning_figures_between(session, *_local_range(start, end))


def do_import_population(session: Session, principal: Principal, content: bytes, source: str) -> PopulationImportOut:
    """Replace the population denominators with a file's cells; a file with any bad row changes nothing."""
    principal.require(Permission.POPULATION_IMPORT)
    cells, bad = parse_population(content)
    if bad:
        raise ValidationFailed(f"{len(bad)} bad rows; nothing imported", field="file",
                               errors=[(f"line {b.line}: {b.field}", b.reason) for b in bad[:100]])
    if not cells:
        raise ValidationFailed("the file holds no population rows", field="file")
    replaced = session.scalar(select(func.count()).select_from(PopulationRow)) or 0
    session.execute(delete(PopulationRow))
    at = now()
    session.add_all(PopulationRow(district_code=c.district, age_band=c.age_band, sex=c.sex,
                                  population=c.population, source=source[:256], imported_at=at) for c in cells)
    residents = sum(c.population for c in cells)
    audit.record(session, principal, "population.import", "population", source[:64],
                 {"cells": len(cells), "residents": residents, "replaced": replaced})
    return PopulationImportOut(cells=len(cells), residents=residents, replaced=replaced)


def population_cells(session: Session) -> list[engine.PopulationCell]:
    """The imported population denominators."""
    rows = session.execute(select(PopulationRow.district_code, PopulationRow.age_band, PopulationRow.sex,
                                  PopulationRow.population)).all()
    return [engine.PopulationCell(district=d, age_band=a, sex=s, population=p) for d, a, s, p in rows]


def _local_range(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise ValidationFailed("date_to is before date_from", field="date_to")
    if (date_to - date_from).days > MAX_DAYS:
        raise ValidationFailed(f"at most {MAX_DAYS} days at once", field="date_to")
    start = datetime.combine(date_from, time.min, LOCAL_TZ)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, LOCAL_TZ)


def _fact(row: object, stations: dict[int, str], channels: dict[int, str]) -> engine.CaseFact:
    (case_id, fraud_type, loss, occurred_at, reported_at, id_number, age, sex, occupation, education,
     district, filed_by) = row  # type: ignore[misc]
    born = None
    if id_number and len(id_number) == 18:  # validated at intake: positions 7-14 are the birth date
        try:
            born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        except ValueError:
            born = None
        if not district:
            district = id_number[:6]
    return engine.CaseFact(case_id=case_id, fraud_type=fraud_type, loss=loss, occurred_at=occurred_at,
                           reported_at=reported_at, birth_date=born, age=age, sex=sex, occupation=occupation,
                           education=education, district=district,
                           station=stations.get(filed_by) if filed_by else None, channel=channels.get(case_id))


# Identifier kinds that say how the fraudster reached the victim, in the order one is preferred when a report
# names several (the app the victim was led into tells more than the number that first called).
_CHANNEL_OF_KIND = {"app": "app", "url": "web", "phone": "phone"}


def _facts_of(session: Session, principal: Principal, start: datetime, end: datetime, fraud_type: str | None = None,
              after_id: int | None = None, enrich: bool = True) -> list[engine.CaseFact]:
    """Reports as facts: the case row, and (``enrich``) the station whose officer filed it and the contact
    channel."""
    rows = cases.report_rows(session, principal, start, end, fraud_type, after_id=after_id)
    if not enrich:
        return [_fact(r, {}, {}) for r in rows]
    stations = user_stations(session, {r[-1] for r in rows if r[-1]})
    rank = {kind: i for i, kind in enumerate(_CHANNEL_OF_KIND)}
    channels: dict[int, str] = {}
    best: dict[int, int] = {}
    for case_id, kind in cases.report_contact_kinds(session, principal, start, end, tuple(_CHANNEL_OF_KIND),
                                                    fraud_type, after_id):
        if rank[kind] < best.get(case_id, len(rank)):
            best[case_id] = rank[kind]
            channels[case_id] = _CHANNEL_OF_KIND[kind]
    return [_fact(r, stations, channels) for r in rows]


class _Period:
    """A period's facts as read, and their columns once a breakdown asked for them."""

    def __init__(self, facts: list[engine.CaseFact]) -> None:
        self.facts = facts
        self._columns: engine.FactColumns | None = None

    @property
    def columns(self) -> engine.FactColumns:
        if self._columns is None:
            self._columns = engine.FactColumns.from_facts(self.facts)
        return self._columns

    def appended(self, facts: list[engine.CaseFact]) -> _Period:
        """A new period: these facts and the reports filed since (columns extended, not rebuilt)."""
        period = _Period(self.facts + facts)
        if self._columns is not None:
            period._columns = self._columns.appended(facts)
        return period


_FACTS: OrderedDict[tuple[object, ...], tuple[tuple[int, int], _Period]] = OrderedDict()
_FACTS_LOCK = threading.Lock()
FACTS_CACHED = 32  # periods kept per process; a period is read again only when its reports changed


def case_facts(session: Session, principal: Principal, date_from: date, date_to: date,
               fraud_type: str | None = None) -> list[engine.CaseFact]:
    """The reports of ``[date_from, date_to]`` (local days) as the breakdown engine reads them.

    Reports do not change once filed, so a period's facts are kept (the screens and BI tools ask the same
    periods over and over); when its count or highest case id moved, only the reports filed since are read
    and added, or the whole period again when something else changed (a case transferred in or out).
    """
    return _period(session, principal, date_from, date_to, fraud_type).facts


def case_columns(session: Session, principal: Principal, date_from: date, date_to: date,
                 fraud_type: str | None = None) -> engine.FactColumns:
    """The same reports as ``case_facts``, as the columns a breakdown groups (kept with them)."""
    return _period(session, principal, date_from, date_to, fraud_type).columns


def _period(session: Session, principal: Principal, date_from: date, date_to: date,
            fraud_type: str | None) -> _Period:
    start, end = _local_range(date_from, date_to)
    stamp = cases.report_rows_stamp(session, principal, start, end, fraud_type)
    key = (session.get_bind().url.render_as_string(), principal.org_id, principal.role, start, end, fraud_type)
    with _FACTS_LOCK:
        hit = _FACTS.get(key)
        if hit is not None and hit[0] == stamp:
            _FACTS.move_to_end(key)
            return hit[1]
    period = None
    if hit is not None and stamp[1] > hit[0][1]:
        # Reports filed since: read only those, if they are all that changed (else the period again).
        (count, highest), kept = hit
        filed = [f for f in _facts_of(session, principal, start, end, fraud_type, after_id=highest)
                 if f.case_id <= stamp[1]]
        if count + len(filed) == stamp[0]:
            period = kept.appended(filed)
    if period is None:
        # Only the reports the stamp counted: one committed since is read by the next call.
        period = _Period([f for f in _facts_of(session, principal, start, end, fraud_type) if f.case_id <= stamp[1]])
    with _FACTS_LOCK:
        _FACTS[key] = (stamp, period)
        while len(_FACTS) > FACTS_CACHED:
            _FACTS.popitem(last=False)
    return period


def facts_filed_after(session: Session, principal: Principal, date_from: date, date_to: date,
                      after_id: int) -> list[engine.CaseFact]:
    """The reports of ``[date_from, date_to]`` with an id above ``after_id``: what was filed since a reader
    that keeps its own tallies (the big screen) last looked. Their station and channel are not looked up."""
    start, end = _local_range(date_from, date_to)
    return _facts_of(session, principal, start, end, after_id=after_id, enrich=False)


def year_before(day: date) -> date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _months_back(day: date, months: int) -> date:
    """The first of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def comparison_periods(date_from: date, date_to: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The period just before ``[date_from, date_to]`` and the same period a year earlier.

    Whole calendar months compare with the same number of whole months before (February with January) and
    with the same months a year earlier (February 2025 with 1–29 February 2024); any other period with the
    same number of days just before, and the same dates a year earlier.
    """
    if date_from.day == 1 and date_to == _month_end(date_to):
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        previous = (_months_back(date_from, months), date_from - timedelta(days=1))
        return previous, (year_before(date_from), _month_end(year_before(date_to.replace(day=1))))
    days = (date_to - date_from).days + 1
    previous = (date_from - timedelta(days=days), date_from - timedelta(days=1))
    return previous, (year_before(date_from), year_before(date_to))


def breakdown(session: Session, principal: Principal, by: str, by2: str | None, date_from: date, date_to: date,
              fraud_type: str | None = None, with_cases: bool = False, trends: bool = True) -> BreakdownOut:
    """Reports grouped by one or two dimensions, with rate per 10,000 residents, lift and 95 % intervals;
    with ``trends`` each row also has its reports and loss in the period just before and a year earlier."""
    principal.require(Permission.ANALYSIS_READ)
    dims = [by] + ([by2] if by2 else [])
    for name, dim in (("by", by), ("by2", by2)):
        if dim is not None and dim not in engine.DIMENSIONS:
            raise ValidationFailed(f"not one of {', '.join(engine.DIMENSIONS)}", field=name)
    if fraud_type is not None and fraud_type not in FRAUD_TYPES:
        raise ValidationFailed("not a known fraud type", field="fraud_type")
    if by2 == by:
        raise ValidationFailed("the same dimension twice", field="by2")
    population = engine.Population(population_cells(session))
    columns = case_columns(session, principal, date_from, date_to, fraud_type)
    rows = engine.breakdown(columns, dims, population, with_cases)
    out = BreakdownOut(by=dims, date_from=date_from, date_to=date_to, fraud_type=fraud_type,
                       population=population.total or None,
                       rows=[BreakdownRowOut(key=r.key, reports=r.reports, loss=r.loss, rate_per_10k=r.rate_per_10k,
                                             lift=r.lift, ci=r.ci,
                                             case_ids=list(r.case_ids) if with_cases else None) for r in rows])
    if trends:
        previous, year_ago = comparison_periods(date_from, date_to)
        out.previous_from, out.previous_to = previous
        out.year_ago_from, out.year_ago_to = year_ago
        for (first, last), count_field, loss_field in ((previous, "previous", "previous_loss"),
                                                       (year_ago, "year_ago", "year_ago_loss")):
            then = {tuple(r.key.items()): r for r in engine.breakdown(
                case_columns(session, principal, first, last, fraud_type), dims, population, False)}
            for row in out.rows:
                match = then.get(tuple(row.key.items()))
                setattr(row, count_field, match.reports if match else 0)
                setattr(row, loss_field, match.loss if match else Decimal("0.00"))
    return out


def findings(session: Session, principal: Principal, date_from: date | None = None,
             date_to: date | None = None) -> list[FindingOut]:
    """High-risk cells of the window (default: the last 14 days), strongest first."""
    principal.require(Permission.ANALYSIS_READ)
    date_to = date_to or now().astimezone(LOCAL_TZ).date()
    date_from = date_from or date_to - timedelta(days=FINDING_WINDOW_DAYS - 1)
    _local_range(date_from, date_to)
    history_start = date_from - timedelta(days=HISTORY_DAYS)
    facts = case_facts(session, principal, history_start, date_to)
    population = engine.Population(population_cells(session))
    first = min((f.reported_at for f in facts), default=None)
    # History counts only from the first report the platform holds: a new platform has none.
    if first is not None and first.astimezone(LOCAL_TZ).date() > history_start:
        history_start = first.astimezone(LOCAL_TZ).date()
    found = hotspots.detect(facts, population, date_from, date_to, history_start)
    return [_finding_out(f, (date_to - date_from).days + 1) for f in found]


def _finding_out(f: hotspots.Finding, days: int) -> FindingOut:
    division = _DIVISIONS.get(f.district)
    zh_place = division.name_zh if division else f.district
    en_place = division.name_en if division else f.district
    zh_type, en_type = FRAUD_TYPE_LABELS.get(f.fraud_type, (f.fraud_type, f.fraud_type))
    band = f.group.get("age_band")
    zh_group = f" {band.replace('-', '–')}岁" if band else ""
    en_group = f" aged {band.replace('-', '–')}" if band else ""
    since_zh = f"，自{f.since:%m月%d日}起上升" if f.since else ""
    since_en = f", rising since {f.since:%d %b}" if f.since else ""
    text = (f"{zh_place}{zh_group} {zh_type}：近{days}天{f.observed}起，为基线的{f.ratio:.1f}倍"
            f"（预期{f.expected:.1f}起）{since_zh}")
    text_en = (f"{en_place}{en_group}: {en_type.lower()} {f.ratio:.1f}× its baseline over {days} days, "
               f"{f.observed} reports (expected {f.expected:.1f}){since_en}")
    return FindingOut(district=f.district, district_name=division.name_zh if division else None, group=f.group,
                      fraud_type=f.fraud_type, observed=f.observed, expected=round(f.expected, 3),
                      ratio=round(f.ratio, 3), p_value=f.p_value, baseline=f.baseline, since=f.since, text=text,
                      text_en=text_en, case_ids=list(f.case_ids))
