"""Breakdowns of reports (研判): counts, loss, rate per 10,000 residents, lift and 95 % intervals.

Pure: the service hands in one ``CaseFact`` per report and the population cells; nothing here reads a
database, so the same computation runs on the operational rows, in a benchmark or over a file.

The facts are turned once into columns (``FactColumns``: each dimension's value per report as an integer
code, the victim's age band and the local hour and weekday worked out once, loss in fen); a breakdown is then
a columnar group-by (numpy) and only the rates, lifts and exact intervals are computed per group.
``breakdown_reference`` is the same answer computed fact by fact, kept to check the columnar path against.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import numpy as np
from scipy.stats import chi2

from antifraud.core.clock import LOCAL_TZ as LOCAL

AGE_BANDS: tuple[str, ...] = ("0-17", "18-30", "31-45", "46-60", "61+")
SEXES: tuple[str, ...] = ("M", "F")
DIMENSIONS: tuple[str, ...] = ("fraud_type", "age_band", "sex", "occupation", "education", "district", "station",
                               "loss_band", "channel", "hour", "weekday")
# Loss bands in yuan, [low, high): the lowest band includes reports with no loss.
LOSS_BANDS: tuple[tuple[str, Decimal], ...] = (("0-1000", Decimal(1000)), ("1000-10000", Decimal(10_000)),
                                               ("10000-100000", Decimal(100_000)),
                                               ("100000-1000000", Decimal(1_000_000)))
LOSS_TOP_BAND = "1000000+"
# How the fraudster reached the victim, from the suspect's identifiers the report names: an app, else a
# website or link, else a phone (calls and texts); a report naming none of them has no channel.
CHANNELS: tuple[str, ...] = ("app", "web", "phone")
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
    district: str | None  # victim's district code (a county), else the ID number's county
    station: str | None = None  # code of the police station that took the report, when a station did
    channel: str | None = None  # app, web or phone (see CHANNELS)


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


def loss_band(loss: Decimal) -> str:
    """The loss band of an amount in yuan."""
    for band, high in LOSS_BANDS:
        if loss < high:
            return band
    return LOSS_TOP_BAND


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
    if dim == "station":
        return fact.station
    if dim == "loss_band":
        return loss_band(fact.loss)
    if dim == "channel":
        return fact.channel
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


def breakdown(facts: Sequence[CaseFact] | FactColumns, dims: Sequence[str], population: Population,
              with_cases: bool = True) -> list[BreakdownRow]:
    """Group reports by ``dims``; rate per 10,000 residents and lift where the population says.

    Without ``with_cases`` the rows' ``case_ids`` are left empty (saves sorting every report's id)."""
    _check(dims)
    columns = facts if isinstance(facts, FactColumns) else FactColumns.from_facts(facts)
    return columns.breakdown(dims, population, with_cases)


def _check(dims: Sequence[str]) -> None:
    for dim in dims:
        if dim not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dim!r}")


def breakdown_reference(facts: Sequence[CaseFact], dims: Sequence[str], population: Population
                        ) -> list[BreakdownRow]:
    """The same answer as ``breakdown``, computed fact by fact (slow; kept to test the columnar path)."""
    _check(dims)
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


class FactColumns:
    """Reports as columns: per dimension an integer code per report and the values the codes stand for.

    Built once per set of facts (the service keeps it beside the facts), so a breakdown never recomputes a
    victim's age band or a report's local hour; grouping is numpy over the codes.
    """

    def __init__(self, case_ids: np.ndarray, loss_units: np.ndarray, loss_scale: int,
                 codes: Mapping[str, np.ndarray], values: Mapping[str, Sequence[str | int | None]]) -> None:
        self.case_ids = case_ids
        self.loss_units = loss_units  # loss × 10**loss_scale, exact integers
        self.loss_scale = loss_scale
        self.codes = dict(codes)
        self.values = {d: list(v) for d, v in values.items()}

    def __len__(self) -> int:
        return len(self.case_ids)

    @classmethod
    def from_facts(cls, facts: Sequence[CaseFact]) -> FactColumns:
        """Columns of ``facts`` (one pass in Python; every later breakdown is columnar)."""
        scale = 0
        for fact in facts:
            exponent = fact.loss.as_tuple().exponent
            if isinstance(exponent, int):
                scale = max(scale, -exponent)
        local = [f.reported_at.astimezone(LOCAL) for f in facts]
        columns: dict[str, list[str | int | None]] = {
            "fraud_type": [f.fraud_type for f in facts], "age_band": [age_band(victim_age(f)) for f in facts],
            "sex": [f.sex for f in facts], "occupation": [f.occupation for f in facts],
            "education": [f.education for f in facts], "district": [f.district for f in facts],
            "station": [f.station for f in facts], "loss_band": [loss_band(f.loss) for f in facts],
            "channel": [f.channel for f in facts], "hour": [t.hour for t in local],
            "weekday": [t.isoweekday() for t in local]}
        codes: dict[str, np.ndarray] = {}
        values: dict[str, list[str | int | None]] = {}
        for dim in DIMENSIONS:
            lookup: dict[str | int | None, int] = {}
            codes[dim] = np.array([lookup.setdefault(v, len(lookup)) for v in columns[dim]], dtype=np.int32)
            values[dim] = list(lookup)
        units = [int(f.loss.scaleb(scale)) for f in facts]
        try:
            loss_units = np.array(units, dtype=np.int64)
        except OverflowError:  # amounts beyond int64 fen: exact Python integers instead
            loss_units = np.array(units, dtype=object)
        return cls(np.array([f.case_id for f in facts], dtype=np.int64), loss_units, scale, codes, values)

    def appended(self, facts: Sequence[CaseFact]) -> FactColumns:
        """New columns: these followed by ``facts`` (reports filed since), without converting these again."""
        if not facts:
            return self
        other = FactColumns.from_facts(facts)
        codes: dict[str, np.ndarray] = {}
        values: dict[str, list[str | int | None]] = {}
        for dim in DIMENSIONS:
            known = {v: i for i, v in enumerate(self.values[dim])}
            merged = list(self.values[dim])
            remap = np.array([known[v] if v in known else merged.append(v) or len(merged) - 1
                              for v in other.values[dim]], dtype=np.int32)
            codes[dim] = np.concatenate([self.codes[dim], remap[other.codes[dim]]]).astype(np.int32)
            values[dim] = merged
        scale = max(self.loss_scale, other.loss_scale)
        if self.loss_scale == other.loss_scale and self.loss_units.dtype == other.loss_units.dtype == np.int64:
            units = np.concatenate([self.loss_units, other.loss_units])
        else:  # rescaled as exact Python integers
            units = np.array([int(u) * 10 ** (scale - self.loss_scale) for u in self.loss_units]
                             + [int(u) * 10 ** (scale - other.loss_scale) for u in other.loss_units], dtype=object)
        return FactColumns(np.concatenate([self.case_ids, other.case_ids]), units, scale, codes, values)

    def breakdown(self, dims: Sequence[str], population: Population, with_cases: bool = True
                  ) -> list[BreakdownRow]:
        """Group by ``dims`` (see the module's ``breakdown``)."""
        _check(dims)
        if not len(self):
            return []
        combined = np.zeros(len(self), dtype=np.int64)
        sizes = [len(self.values[d]) for d in dims]
        for dim, size in zip(dims, sizes, strict=True):
            combined = combined * size + self.codes[dim]
        cells = int(np.prod(sizes))
        counts_all = np.bincount(combined, minlength=cells)
        present = np.flatnonzero(counts_all)
        counts = counts_all[present]
        if self.loss_units.dtype == np.int64 and int(np.abs(self.loss_units).sum()) < 2 ** 53:
            # Float sums of integers below 2**53 are exact.
            sums = np.bincount(combined, weights=self.loss_units.astype(np.float64), minlength=cells)[present]
            losses = [int(v) for v in sums]
        else:
            order = np.argsort(combined, kind="stable")
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
            losses = [int(v) for v in np.add.reduceat(self.loss_units[order], starts)]
        case_ids: list[tuple[int, ...]] = [()] * len(present)
        if with_cases:
            order = np.lexsort((self.case_ids, combined))
            case_ids = [tuple(part.tolist()) for part in np.split(self.case_ids[order], np.cumsum(counts)[:-1])]
        keys: list[tuple[object, ...]] = []
        for flat in present.tolist():
            parts = []
            for dim, size in zip(reversed(dims), reversed(sizes), strict=True):
                flat, code = divmod(flat, size)
                parts.append(self.values[dim][code])
            keys.append(tuple(reversed(parts)))
        group_of = {values: i for i, values in enumerate(keys)}
        other_dims = [i for i, d in enumerate(dims) if d not in POPULATION_DIMENSIONS]
        slice_reports: dict[tuple[object, ...], int] = defaultdict(int)
        for values, count in zip(keys, counts.tolist(), strict=True):
            slice_reports[tuple(values[i] for i in other_dims)] += count
        pop_dims = [d for d in dims if d in POPULATION_DIMENSIONS]
        residents_of = [population.of(dict(zip(dims, values, strict=True))) for values in keys]
        counted = [i for i, r in enumerate(residents_of) if r]
        lows = highs = np.zeros(0)
        if counted:  # the exact intervals of every group with a denominator, in one call each bound
            k = counts[counted].astype(np.float64)
            alpha = 1.0 - 0.95  # as poisson_interval computes it, so the bounds are the same floats
            lows = chi2.ppf(alpha / 2, 2 * k) / 2
            highs = chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
        bounds = {i: (float(lo), float(hi)) for i, lo, hi in zip(counted, lows.tolist(), highs.tolist(), strict=True)}
        rows = []
        for values in sorted(keys, key=_sort_key):
            i = group_of[values]
            count = int(counts[i])
            residents = residents_of[i]
            rate = lift = ci = None
            if residents:
                rate = count / residents * 10_000
                low, high = bounds[i]
                ci = (low / residents * 10_000, high / residents * 10_000)
                if pop_dims and population.total:
                    base = slice_reports[tuple(values[j] for j in other_dims)]
                    lift = (count / base) / (residents / population.total) if base else None
            rows.append(BreakdownRow(key=dict(zip(dims, values, strict=True)), reports=count,
                                     loss=Decimal(losses[i]).scaleb(-self.loss_scale),
                                     rate_per_10k=rate, lift=lift, ci=ci, case_ids=case_ids[i]))
        return rows
