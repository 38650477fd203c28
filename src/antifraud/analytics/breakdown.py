"""Breakdowns of reports (研判): counts, loss, rate per 10,000 residents, lift and 95 % intervals.

Pure: the service hands in one ``CaseFact`` per report and the population cells; nothing here reads a
database, so the same computation runs on the operational rows, in a benchmark or over a file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from scipy.stats import chi2

from antifraud.core.clock import LOCAL_TZ as LOCAL

AGE_BANDS: tuple[str, ...] = ("0-17", "18-30", "31-45", "46-60", "61+")
SEXES: tuple[str, ...] = ("M", "F")
DIMENSIONS: tuple[str, ...] = ("fraud_type", "age_band", "sex", "occupation", "education", "district", "hour",
                               "weekday")
# Dimensions the population file splits residents by: a row's denominator sums the cells matching these.
POPULATION_DIMENSIONS = frozenset({"district", "age_band", "sex"})
# Dimensions that split residents in ways the population file does not know: no denominator.
UNCOUNTED_DIMENSIONS = frozenset({"occupation", "education"})


@dataclass(frozen=True)
class CaseFact:
    """What a breakdown needs of one report."""

    case_id: int
    fraud_type: str
    loss: Decimal
    occurred_at: datetime
    reported_at: datetime
    birth_date: date | None  # from the resident ID number
    age: int | None  # recorded at filing, used when there is no ID number
    sex: str | None  # M / F
    occupation: str | None
    education: str | None
    district: str | None  # victim's district code, else the ID number's county


@dataclass(frozen=True)
class PopulationCell:
    """Residents of one district × age band × sex."""

    district: str
    age_band: str
    sex: str
    population: int


@dataclass(frozen=True)
class BreakdownRow:
    """One group of a breakdown."""

    key: dict[str, str | int | None]
    reports: int
    loss: Decimal
    rate_per_10k: float | None
    lift: float | None
    ci: tuple[float, float] | None
    case_ids: tuple[int, ...]


def age_band(age: int | None) -> str | None:
    """The age band of an age in whole years."""
    if age is None or age < 0:
        return None
    if age <= 17:
        return "0-17"
    if age <= 30:
        return "18-30"
    if age <= 45:
        return "31-45"
    if age <= 60:
        return "46-60"
    return "61+"


def age_at(born: date, day: date) -> int:
    """Age in whole years on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def victim_age(fact: CaseFact) -> int | None:
    """The victim's age when the fraud happened: from the ID's birth date, else as recorded."""
    if fact.birth_date is not None:
        return age_at(fact.birth_date, fact.occurred_at.astimezone(LOCAL).date())
    return fact.age


def value_of(fact: CaseFact, dim: str) -> str | int | None:
    """The group a report falls in along one dimension."""
    if dim == "fraud_type":
        return fact.fraud_type
    if dim == "age_band":
        return age_band(victim_age(fact))
    if dim == "sex":
        return fact.sex
    if dim == "occupation":
        return fact.occupation
    if dim == "education":
        return fact.education
    if dim == "district":
        return fact.district
    local = fact.reported_at.astimezone(LOCAL)
    if dim == "hour":
        return local.hour
    if dim == "weekday":
        return local.isoweekday()  # 1 = Monday … 7 = Sunday
    raise ValueError(f"unknown dimension {dim!r}")


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval of a Poisson count."""
    alpha = 1.0 - level
    low = 0.0 if count == 0 else float(chi2.ppf(alpha / 2, 2 * count)) / 2
    high = float(chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return low, high


class Population:
    """Population cells indexed for sums over any subset of district, age band and sex."""

    def __init__(self, cells: Iterable[PopulationCell]) -> None:
        self._sums: dict[tuple[tuple[str, str], ...], int] = defaultdict(int)
        self.total = 0
        for cell in cells:
            values = {"district": cell.district, "age_band": cell.age_band, "sex": cell.sex}
            self.total += cell.population
            for mask in range(1, 8):
                dims = tuple(d for i, d in enumerate(("age_band", "district", "sex")) if mask >> i & 1)
                self._sums[tuple((d, values[d]) for d in dims)] += cell.population

    def __bool__(self) -> bool:
        return self.total > 0

    def of(self, key: Mapping[str, object]) -> int | None:
        """Residents in the group ``key`` restricts (only its population dimensions count)."""
        if not self or any(d in UNCOUNTED_DIMENSIONS for d in key):
            return None
        parts = tuple(sorted((d, key[d]) for d in key if d in POPULATION_DIMENSIONS))
        if not parts:
            return self.total
        if any(v is None for _, v in parts):
            return None
        return self._sums.get(parts, 0)  # type: ignore[arg-type]


def breakdown(facts: Sequence[CaseFact], dims: Sequence[str], population: Population) -> list[BreakdownRow]:
    """Group reports by ``dims``; rate per 10,000 residents and lift where the population says."""
    for dim in dims:
        if dim not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dim!r}")
    groups: dict[tuple[object, ...], list[CaseFact]] = defaultdict(list)
    for fact in facts:
        groups[tuple(value_of(fact, d) for d in dims)].append(fact)
    pop_dims = [d for d in dims if d in POPULATION_DIMENSIONS]
    other_dims = [i for i, d in enumerate(dims) if d not in POPULATION_DIMENSIONS]
    # Reports within the same non-population slice (e.g. the same fraud type): the base of a lift.
    slice_reports: dict[tuple[object, ...], int] = defaultdict(int)
    for values, members in groups.items():
        slice_reports[tuple(values[i] for i in other_dims)] += len(members)
    rows = []
    for values in sorted(groups, key=_sort_key):
        members = groups[values]
        key = dict(zip(dims, values, strict=True))
        residents = population.of(key)
        count = len(members)
        rate = lift = ci = None
        if residents:
            rate = count / residents * 10_000
            low, high = poisson_interval(count)
            ci = (low / residents * 10_000, high / residents * 10_000)
            if pop_dims and population.total:
                base = slice_reports[tuple(values[i] for i in other_dims)]
                lift = (count / base) / (residents / population.total) if base else None
        rows.append(BreakdownRow(key=key, reports=count, loss=sum((m.loss for m in members), Decimal(0)),
                                 rate_per_10k=rate, lift=lift, ci=ci,
                                 case_ids=tuple(sorted(m.case_id for m in members))))
    return rows


def _sort_key(values: tuple[object, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((1, "") if v is None else (0, f"{v:>8}" if isinstance(v, int) else str(v)) for v in values)
