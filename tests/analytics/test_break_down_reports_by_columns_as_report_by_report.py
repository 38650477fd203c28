"""A breakdown computed on columns (numpy group-by) answers exactly what counting report by report answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from antifraud.analytics.breakdown import (
    DIMENSIONS,
    CaseFact,
    FactColumns,
    Population,
    PopulationCell,
    breakdown,
    breakdown_reference,
)

START = datetime(2025, 1, 1, tzinfo=UTC)
POPULATION = Population([PopulationCell("330702", "18-30", "M", 12_000), PopulationCell("330702", "61+", "F", 3_000),
                         PopulationCell("330782", "18-30", "F", 40_000), PopulationCell("330782", "31-45", "M", 9)])

facts_strategy = st.lists(st.builds(
    lambda i, ft, cents, back, seconds, born, age, sex, occ, district, station, channel: CaseFact(
        case_id=i, fraud_type=ft, loss=Decimal(cents).scaleb(-2), occurred_at=START + timedelta(seconds=seconds - back),
        reported_at=START + timedelta(seconds=seconds), birth_date=born, age=age, sex=sex, occupation=occ,
        education=None, district=district, station=station, channel=channel),
    st.integers(1, 10**9), st.sampled_from(["brushing_rebate", "fake_investment", "online_loan"]),
    st.integers(0, 10**11), st.integers(0, 30 * 86400), st.integers(0, 365 * 86400),
    st.none() | st.dates(date(1940, 1, 1), date(2020, 12, 31)), st.none() | st.integers(0, 99),
    st.sampled_from(["M", "F", None]), st.sampled_from(["student", "ecommerce", None]),
    st.sampled_from(["330702", "330782", "330723", None]), st.sampled_from(["JH-330702-01", None]),
    st.sampled_from(["app", "web", "phone", None])), max_size=60, unique_by=lambda f: f.case_id)
dims_strategy = st.sampled_from(DIMENSIONS).flatmap(
    lambda first: st.tuples(st.just(first), st.none() | st.sampled_from([d for d in DIMENSIONS if d != first])))


@settings(max_examples=300, deadline=None)
@given(facts_strategy, dims_strategy)
def test_columns_answer_as_report_by_report(facts: list[CaseFact], dims: tuple[str, str | None]) -> None:
    wanted = [dims[0]] + ([dims[1]] if dims[1] else [])
    expected = breakdown_reference(facts, wanted, POPULATION)
    got = breakdown(facts, wanted, POPULATION)
    assert got == expected  # keys, counts, loss, rates, lifts, intervals and case ids, float for float
    assert [r.loss.as_tuple().exponent for r in got] == [r.loss.as_tuple().exponent for r in expected]
    without = FactColumns.from_facts(facts).breakdown(wanted, POPULATION, with_cases=False)
    assert [(r.key, r.reports, r.loss) for r in without] == [(r.key, r.reports, r.loss) for r in expected]
    assert all(r.case_ids == () for r in without)


def test_columns_are_kept_and_reused_for_every_dimension() -> None:
    facts = [CaseFact(case_id=i, fraud_type="online_loan", loss=Decimal("10.50"), occurred_at=START,
                      reported_at=START + timedelta(hours=i), birth_date=date(1990, 1, 1), age=None, sex="F",
                      occupation=None, education=None, district="330782") for i in range(1, 31)]
    columns = FactColumns.from_facts(facts)
    hours = {r.key["hour"]: r.reports for r in columns.breakdown(["hour"], POPULATION)}
    assert sum(hours.values()) == 30 and len(hours) == 24  # 8:00 local on 1 January, then hour by hour
    [band] = columns.breakdown(["age_band", "sex"], POPULATION)
    assert band.key == {"age_band": "31-45", "sex": "F"} and band.loss == Decimal("315.00")
    assert band.rate_per_10k is None  # no women of 31–45 in the population: no rate
    assert band.case_ids == tuple(range(1, 31))


@settings(max_examples=100, deadline=None)
@given(facts_strategy, facts_strategy, dims_strategy)
def test_columns_extended_by_new_reports_answer_as_built_at_once(first: list[CaseFact], later: list[CaseFact],
                                                                 dims: tuple[str, str | None]) -> None:
    later = [f for f in later if f.case_id not in {g.case_id for g in first}]
    wanted = [dims[0]] + ([dims[1]] if dims[1] else [])
    extended = FactColumns.from_facts(first).appended(later)
    assert extended.breakdown(wanted, POPULATION) == breakdown_reference(first + later, wanted, POPULATION)
