"""Key figures of the center and its analysis (研判), computed from the operational database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from antifraud.analytics import breakdown as engine
from antifraud.analytics.census import parse_population
from antifraud.analytics.models import PopulationRow
from antifraud.analytics.schemas import BreakdownOut, BreakdownRowOut, PopulationImportOut, StatsSummary
from antifraud.cases import service as cases
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.errors import ValidationFailed
from antifraud.core.vocab import FRAUD_TYPES
from antifraud.dispatch import service as dispatch
from antifraud.warnings.service import warning_figures

MAX_DAYS = 3 * 366  # a breakdown covers at most three years


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


def _fact(row: object) -> engine.CaseFact:
    (case_id, fraud_type, loss, occurred_at, reported_at, id_number, age, sex, occupation, education,
     district) = row  # type: ignore[misc]
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
                           education=education, district=district)


def case_facts(session: Session, principal: Principal, date_from: date, date_to: date,
               fraud_type: str | None = None) -> list[engine.CaseFact]:
    """The reports of ``[date_from, date_to]`` (local days) as the breakdown engine reads them."""
    start, end = _local_range(date_from, date_to)
    return [_fact(r) for r in cases.report_rows(session, principal, start, end, fraud_type)]


def breakdown(session: Session, principal: Principal, by: str, by2: str | None, date_from: date, date_to: date,
              fraud_type: str | None = None, with_cases: bool = False) -> BreakdownOut:
    """Reports grouped by one or two dimensions, with rate per 10,000 residents, lift and 95 % intervals."""
    principal.require(Permission.ANALYSIS_READ)
    dims = [by] + ([by2] if by2 else [])
    for name, dim in (("by", by), ("by2", by2)):
        if dim is not None and dim not in engine.DIMENSIONS:
            raise ValidationFailed(f"not one of {', '.join(engine.DIMENSIONS)}", field=name)
    if fraud_type is not None and fraud_type not in FRAUD_TYPES:
        raise ValidationFailed("not a known fraud type", field="fraud_type")
    if by2 == by:
        raise ValidationFailed("the same dimension twice", field="by2")
    facts = case_facts(session, principal, date_from, date_to, fraud_type)
    population = engine.Population(population_cells(session))
    rows = engine.breakdown(facts, dims, population)
    return BreakdownOut(by=dims, date_from=date_from, date_to=date_to, fraud_type=fraud_type,
                        population=population.total or None,
                        rows=[BreakdownRowOut(key=r.key, reports=r.reports, loss=r.loss, rate_per_10k=r.rate_per_10k,
                                              lift=r.lift, ci=r.ci,
                                              case_ids=list(r.case_ids) if with_cases else None) for r in rows])
