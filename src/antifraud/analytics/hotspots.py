"""High-risk districts and groups (高危辖区、高危人群): cells whose reports are significantly above baseline.

A cell is a district × victim group (age band, or everyone) × fraud type. Its observed reports in the window
are tested with an exact Poisson test against two baselines:

- the population's share: the rest of the city's reports of that type and group in the window, at their
  rate per resident of that group, applied to the district's residents — so a gang working one district and age band stands out even in the
  platform's first month, when there is no history. A county whose residents of the group report more of
  the other fraud types than the rest of the city is judged at that level (never below the city's), so a
  structurally busier county is not raised for each type in turn;
- its own history: the cell's daily rate over the weeks before the window (with half a report of prior so
  a quiet cell's baseline is never zero) — so a district that always has more of a type than its share
  is not raised every day.

Where both baselines exist a cell must exceed both (the larger p-value counts); the p-values of all cells
are then controlled for false discoveries with Benjamini–Hochberg. A Poisson CUSUM over the window's days
against the history says when the rise began.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from scipy.stats import poisson

from antifraud.analytics.breakdown import LOCAL, CaseFact, Population, age_band, victim_age

MIN_REPORTS = 5  # fewer reports than this are never a finding, however unlikely
MIN_RATIO = 1.5
FDR = 0.002  # tuned on simulated seeds 1–5 at scale 0.2 and 1–2 at scale 1 (`antifraud analytics evaluate`)
HISTORY_PRIOR = 0.5  # reports added to a cell's history so its baseline is never zero
MIN_HISTORY_DAYS = 28
LEVEL_PRIOR = 10.0  # reports that pull a county's level in its other fraud types toward the city's


@dataclass(frozen=True)
class Finding:
    """A cell significantly above its baseline."""

    district: str
    group: dict[str, str] = field(default_factory=dict)
    fraud_type: str = ""
    observed: int = 0
    expected: float = 0.0
    ratio: float = 0.0
    p_value: float = 1.0
    baseline: str = "population"  # which baseline decided: population, history, or both
    since: date | None = None  # the day the rise began (CUSUM), when the history tells
    case_ids: tuple[int, ...] = ()


@dataclass
class _Cell:
    observed: list[CaseFact] = field(default_factory=list)
    history: int = 0


def _groups(fact: CaseFact) -> list[tuple[tuple[str, str], ...]]:
    band = age_band(victim_age(fact))
    return [()] + ([(("age_band", band),)] if band else [])


def _day(fact: CaseFact) -> date:
    return fact.reported_at.astimezone(LOCAL).date()


def poisson_p(observed: int, expected: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(expected): the exact one-sided test."""
    if expected <= 0:
        return 0.0 if observed > 0 else 1.0
    return float(poisson.sf(observed - 1, expected))


def benjamini_hochberg(p_values: Sequence[float], q: float) -> list[bool]:
    """Which hypotheses are rejected at false-discovery rate ``q``."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    m = len(p_values)
    cutoff = -1
    for rank, i in enumerate(order, start=1):
        if p_values[i] <= q * rank / m:
            cutoff = rank
    keep = [False] * m
    for rank, i in enumerate(order, start=1):
        keep[i] = rank <= cutoff
    return keep


def cusum_onset(daily: Sequence[int], baseline_per_day: float, ratio: float = 2.0, h: float = 3.0) -> int | None:
    """The day a Poisson CUSUM tuned to a ``ratio``-fold rise began the run that alarmed, or None."""
    if baseline_per_day <= 0:
        return None
    s, start = 0.0, 0
    for i, n in enumerate(daily):
        if s == 0.0:
            start = i
        s = max(0.0, s + n * math.log(ratio) - (ratio - 1) * baseline_per_day)
        if s > h:
            return start
    return None


def detect(facts: Sequence[CaseFact], population: Population, window_start: date, window_end: date,
           history_start: date | None = None) -> list[Finding]:
    """Cells of ``[window_start, window_end]`` significantly above baseline (facts may include history)."""
    days = (window_end - window_start).days + 1
    history_days = (window_start - history_start).days if history_start else 0
    cells: dict[tuple[str, tuple[tuple[str, str], ...], str], _Cell] = defaultdict(_Cell)
    city: dict[tuple[tuple[tuple[str, str], ...], str], int] = defaultdict(int)
    county: dict[tuple[str, tuple[tuple[str, str], ...]], int] = defaultdict(int)  # window, all types
    everyone: dict[tuple[tuple[str, str], ...], int] = defaultdict(int)
    for fact in facts:
        if not fact.district:
            continue
        day = _day(fact)
        in_window = window_start <= day <= window_end
        in_history = history_start is not None and history_start <= day < window_start
        for group in _groups(fact):
            cell = cells[(fact.district, group, fact.fraud_type)]
            if in_window:
                cell.observed.append(fact)
                city[(group, fact.fraud_type)] += 1
                county[(fact.district, group)] += 1
                everyone[group] += 1
            elif in_history:
                cell.history += 1
    tested: list[tuple[tuple[str, tuple[tuple[str, str], ...], str], _Cell, float, float, str]] = []
    for key, cell in cells.items():
        observed = len(cell.observed)
        if observed < MIN_REPORTS:
            continue
        district, group, fraud_type = key
        expectations: dict[str, float] = {}
        residents = population.of({"district": district, **dict(group)})
        group_residents = population.of(dict(group))
        if residents and group_residents and group_residents > residents:
            # The rest of the city's rate in this group and type, applied to the district's residents.
            rest = city[(group, fraud_type)] - observed
            share = residents / (group_residents - residents)
            # A county whose residents report more of every other type than the rest of the city is judged
            # at its own level: a structurally busier county is not a hot spot of each type in turn.
            others = county[(district, group)] - observed
            others_elsewhere = everyone[group] - city[(group, fraud_type)] - others
            level = (others + LEVEL_PRIOR) / (others_elsewhere * share + LEVEL_PRIOR)
            expectations["population"] = max(rest, HISTORY_PRIOR) * share * max(1.0, level)
        if history_days >= MIN_HISTORY_DAYS:
            expectations["history"] = (cell.history + HISTORY_PRIOR) / history_days * days
        if not expectations:
            continue
        baseline = max(expectations, key=lambda b: poisson_p(observed, expectations[b]))
        expected = expectations[baseline]
        if observed < MIN_RATIO * expected:
            continue
        tested.append((key, cell, expected, poisson_p(observed, expected),
                       "both" if len(expectations) == 2 else baseline))
    # Every cell with enough reports counts as a hypothesis, tested or not (a conservative m).
    m = max(len(tested), sum(1 for c in cells.values() if len(c.observed) >= MIN_REPORTS))
    p_values = [t[3] for t in tested] + [1.0] * (m - len(tested))
    keep = benjamini_hochberg(p_values, FDR)
    found = []
    for (key, cell, expected, p, baseline), significant in zip(tested, keep, strict=False):
        if not significant:
            continue
        district, group, fraud_type = key
        since = None
        if history_days >= MIN_HISTORY_DAYS:
            daily = [0] * days
            for fact in cell.observed:
                daily[(_day(fact) - window_start).days] += 1
            onset = cusum_onset(daily, (cell.history + HISTORY_PRIOR) / history_days)
            since = window_start + timedelta(days=onset) if onset is not None else None
        found.append(Finding(district=district, group=dict(group), fraud_type=fraud_type,
                             observed=len(cell.observed), expected=expected, ratio=len(cell.observed) / expected,
                             p_value=p, baseline=baseline, since=since,
                             case_ids=tuple(sorted(f.case_id for f in cell.observed))))
    return _most_specific(found)


def _most_specific(found: list[Finding]) -> list[Finding]:
    """Keep a district-wide finding only when none of its age bands explains it; strongest first."""
    banded = {(f.district, f.fraud_type) for f in found if f.group}
    kept = [f for f in found if f.group or (f.district, f.fraud_type) not in banded]
    return sorted(kept, key=lambda f: (f.p_value, -f.ratio))
