"""How well the detector (`analytics.hotspots.detect`) finds planted hot spots, and how often it cries wolf.

A simulated city runs with hot spots planted (a gang working one county × age band × fraud type for two to
five weeks, `simulation.hotspots`). Every day of the window the detector looks at the last 14 days of
reports, with the weeks before as history (none at first, as on a new platform) and the city's census as
the population, exactly as `analytics.service.findings` does on the platform. Then:

- a planted hot spot is **found** when a finding names its county and fraud type, for its age band or the
  whole county, on a day whose window overlaps the spot's weeks (reports lag the fraud, so the window may
  end up to 14 days after the spot's last day);
- a **false alarm** is a run of consecutive days on which the same cell is a finding that matches no
  planted spot; they are counted per 30 days of the window.

Only spots that started at least ``MIN_DAYS_SEEN`` days before the window's end count toward recall.

At the whole city's scale one seed with a spot a month plants too few spots to measure a recall near 0.9
(six months: ≈ 6 spots, an interval 0.4–1.0 wide), so ``evaluate_seeds`` pools several seeds and the
evaluation plants more spots a month (``--per-month``; never two on one county and type at once), and the
pooled recall comes with its exact (Clopper–Pearson) 95 % interval.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from scipy.stats import beta

from antifraud.analytics import hotspots
from antifraud.analytics.breakdown import CaseFact, Population, PopulationCell
from antifraud.simulation.census import census_rows
from antifraud.simulation.config import SimulationConfig
from antifraud.simulation.simulator import Simulation

WINDOW_DAYS = 14
HISTORY_DAYS = 56
LAG_DAYS = 14
MIN_DAYS_SEEN = 10


@dataclass(frozen=True)
class Spot:
    """A planted hot spot as the evaluation sees it (local days, end excluded)."""

    hotspot_id: str
    district: str
    age_band: str
    fraud_type: str
    start: date
    end: date
    reports: int


def _fact(k: int, report: Any) -> CaseFact:
    number = report.victim_id_number
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14])) if len(number) == 18 else None
    return CaseFact(case_id=k, fraud_type=report.fraud_type, loss=report.loss, occurred_at=report.fraud_start,
                    reported_at=report.time, birth_date=born, age=report.victim_age, sex=report.victim_sex,
                    occupation=report.occupation, education=report.education, district=report.district_code)


def simulate(seed: int, months: int, scale: float, per_month: float) -> tuple[list[CaseFact], list[Spot],
                                                                                Population, date, int]:
    """The window's reports, its planted spots, the census, the first day and the number of days."""
    config = dataclasses.replace(SimulationConfig(), hotspots_per_month=per_month, background=False,
                                 lookalikes=False)
    days = months * 30
    sim = Simulation(seed, scale, days, config=config)
    facts: list[CaseFact] = []
    first = None
    for batch in sim:
        first = first or batch.day
        facts += [_fact(len(facts) + 1, r) for r in batch.reports]
    population = Population([PopulationCell(district=d, age_band=a, sex=s, population=n)
                             for d, a, s, n in census_rows(sim.city)])
    start = sim.start.date()
    spots = [Spot(s.hotspot_id, s.district_code, s.age_band, s.fraud_type, start + timedelta(days=s.start_day),
                  start + timedelta(days=s.end_day), sum(1 for _ in s.episodes))
             for s in sim.fraud.hotspots]
    return facts, spots, population, start, days


def _matches(finding: hotspots.Finding, spot: Spot, window_start: date, window_end: date) -> bool:
    band = finding.group.get("age_band")
    return (finding.district == spot.district and finding.fraud_type == spot.fraud_type
            and band in (None, spot.age_band)
            and window_start < spot.end + timedelta(days=LAG_DAYS) and spot.start <= window_end)


def evaluate(seed: int, months: int, scale: float = 0.2, per_month: float = 1.0) -> dict[str, Any]:
    """Recall of the planted spots and false alarms per month, detecting every day of the window."""
    facts, spots, population, start, days = simulate(seed, months, scale, per_month)
    by_day: dict[date, list[CaseFact]] = defaultdict(list)
    for fact in facts:
        by_day[fact.reported_at.astimezone(hotspots.LOCAL).date()].append(fact)
    found: dict[str, date] = {}
    alarms: list[dict[str, Any]] = []
    open_false: dict[tuple[Any, ...], date] = {}
    for offset in range(WINDOW_DAYS - 1, days):
        end = start + timedelta(days=offset)
        window_start = end - timedelta(days=WINDOW_DAYS - 1)
        history_start = max(start, window_start - timedelta(days=HISTORY_DAYS))
        span = [f for d in range((end - history_start).days + 1)
                for f in by_day.get(history_start + timedelta(days=d), [])]
        today_false: set[tuple[Any, ...]] = set()
        for finding in hotspots.detect(span, population, window_start, end, history_start):
            hits = [s for s in spots if _matches(finding, s, window_start, end)]
            for spot in hits:
                found.setdefault(spot.hotspot_id, end)
            if not hits:
                cell = (finding.district, tuple(sorted(finding.group.items())), finding.fraud_type)
                today_false.add(cell)
                if cell not in open_false:
                    alarms.append({"day": end.isoformat(), "district": finding.district, "group": finding.group,
                                   "fraud_type": finding.fraud_type, "observed": finding.observed,
                                   "expected": round(finding.expected, 2), "p_value": finding.p_value})
        open_false = {cell: end for cell in today_false}
    last = start + timedelta(days=days - 1)
    counted = [s for s in spots if (last - s.start).days + 1 >= MIN_DAYS_SEEN]
    hit = [s for s in counted if s.hotspot_id in found]
    months_seen = (days - WINDOW_DAYS + 1) / 30.0
    return {
        "seed": seed, "months": months, "scale": scale, "reports": len(facts), "planted": len(spots),
        "counted": len(counted), "found": len(hit), "recall": round(len(hit) / len(counted), 3) if counted else None,
        "false_alarms": len(alarms), "false_alarms_per_month": round(len(alarms) / months_seen, 2),
        "days_to_detection": sorted((found[s.hotspot_id] - s.start).days for s in hit),
        "spots": [{"id": s.hotspot_id, "district": s.district, "age_band": s.age_band, "fraud_type": s.fraud_type,
                   "start": s.start.isoformat(), "end": s.end.isoformat(), "targets": s.reports,
                   "found_on": found[s.hotspot_id].isoformat() if s.hotspot_id in found else None}
                  for s in spots],
        "alarms": alarms,
    }


def recall_interval(found: int, counted: int, level: float = 0.95) -> tuple[float, float] | None:
    """Exact (Clopper–Pearson) interval of a recall of ``found`` out of ``counted``."""
    if counted <= 0:
        return None
    alpha = 1.0 - level
    low = 0.0 if found == 0 else float(beta.ppf(alpha / 2, found, counted - found + 1))
    high = 1.0 if found == counted else float(beta.ppf(1 - alpha / 2, found + 1, counted - found))
    return round(low, 3), round(high, 3)


def evaluate_seeds(seeds: list[int], months: int, scale: float = 0.2, per_month: float = 1.0) -> dict[str, Any]:
    """``evaluate`` on each seed, and the seeds pooled: recall with its interval, false alarms a month."""
    runs = [evaluate(seed, months, scale, per_month) for seed in seeds]
    if len(runs) == 1:
        runs[0]["recall_ci"] = recall_interval(runs[0]["found"], runs[0]["counted"])
        return runs[0]
    found = sum(r["found"] for r in runs)
    counted = sum(r["counted"] for r in runs)
    alarms = sum(r["false_alarms"] for r in runs)
    months_seen = sum((months * 30 - WINDOW_DAYS + 1) / 30.0 for _ in runs)
    for r in runs:
        r["recall_ci"] = recall_interval(r["found"], r["counted"])
    return {"seeds": seeds, "months": months, "scale": scale, "per_month": per_month,
            "reports": sum(r["reports"] for r in runs), "planted": sum(r["planted"] for r in runs),
            "counted": counted, "found": found, "recall": round(found / counted, 3) if counted else None,
            "recall_ci": recall_interval(found, counted), "false_alarms": alarms,
            "false_alarms_per_month": round(alarms / months_seen, 2),
            "days_to_detection": sorted(d for r in runs for d in r["days_to_detection"]), "runs": runs}


def format_result(result: dict[str, Any]) -> str:
    """The evaluation in a few lines a person reads."""
    if "runs" in result:
        ci = result["recall_ci"]
        lines = [(f"seeds {', '.join(map(str, result['seeds']))} pooled, {result['months']} months each at scale "
                  f"{result['scale']}, {result['per_month']} spots a month: {result['reports']:,} reports, "
                  f"{result['planted']} hot spots planted"),
                 (f"recall {result['recall']} ({result['found']} of {result['counted']} found; 95 % interval "
                  f"{ci[0] if ci else '—'}–{ci[1] if ci else '—'}), {result['false_alarms']} false alarms "
                  f"({result['false_alarms_per_month']} a month)")]
        return "\n\n".join(["\n".join(lines)] + [format_result(r) for r in result["runs"]])
    lines = [(f"seed {result['seed']}, {result['months']} months at scale {result['scale']}: "
              f"{result['reports']:,} reports, {result['planted']} hot spots planted"),
             (f"recall {result['recall']} ({result['found']} of {result['counted']} found), "
              f"{result['false_alarms']} false alarms ({result['false_alarms_per_month']} a month)"),
             f"days from a spot's start to its first finding: {result['days_to_detection']}"]
    for spot in result["spots"]:
        lines.append(f"  {spot['id']} {spot['district']} {spot['age_band']} {spot['fraud_type']} "
                     f"{spot['start']}…{spot['end']}: {spot['targets']} targets, "
                     f"{'found ' + spot['found_on'] if spot['found_on'] else 'missed'}")
    return "\n".join(lines)
