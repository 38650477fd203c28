"""The simulator plants a campaign with a true effect; the difference-in-differences estimate finds it, and finds
no effect where there was none."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from antifraud.analytics.breakdown import AGE_BANDS, age_band
from antifraud.prevention.engine import (
    Audience,
    DidEstimate,
    Incidence,
    difference_in_differences,
    split_cells,
)
from antifraud.simulation import Report, Simulation, SimulationConfig
from antifraud.simulation.config import PlantedCampaign

START_DAY, DAYS, TRUE_EFFECT = 42, 84, 0.4
CAMPAIGN = PlantedCampaign("330782", 18, 30, "brushing_rebate", START_DAY, TRUE_EFFECT)  # 义乌 18–30, brushing


@pytest.fixture(scope="module")
def simulated() -> tuple[Simulation, list[Report]]:
    """Twelve weeks of fraud alone in a tenth of the city at eight times the calibrated rate, the campaign from
    the seventh week."""
    config = SimulationConfig(background=False, lookalikes=False, reports_per_year=14_000 * 8,
                              dissuasions_per_year=6_600 * 8, campaigns=(CAMPAIGN,))
    sim = Simulation(7, 0.1, DAYS, config=config)
    reports = [r for batch in sim for r in batch.reports]
    return sim, reports


def _estimate(sim: Simulation, reports: list[Report], fraud_types: set[str]) -> DidEstimate:
    city = sim.city
    residents: Counter[tuple[str, str]] = Counter()
    bands = [age_band(a) or "" for a in range(int(city.age.max()) + 1)]
    cells, counts_of = np.unique(np.stack([city.division, city.age]), axis=1, return_counts=True)
    for (division, age), count in zip(cells.T.tolist(), counts_of.tolist(), strict=True):
        residents[(city.division_codes[int(division)], bands[int(age)])] += int(count)
    target, control = split_cells(Audience(districts=(CAMPAIGN.district,), age_bands=("18-30",)),
                                  tuple(city.division_codes), AGE_BANDS)
    counts: Counter[tuple[str, bool]] = Counter()
    for r in reports:
        if r.fraud_type not in fraud_types:
            continue
        cell = (r.district_code, age_band(r.victim_age) or "")
        side = "t" if cell in target else "c" if cell in control else None
        if side:
            counts[(side, (r.time - sim.start).days >= START_DAY)] += 1
    pop_t, pop_c = sum(residents[c] for c in target), sum(residents[c] for c in control)
    days_b, days_a = START_DAY, DAYS - START_DAY
    return difference_in_differences(
        Incidence(counts[("t", False)], pop_t * days_b), Incidence(counts[("t", True)], pop_t * days_a),
        Incidence(counts[("c", False)], pop_c * days_b), Incidence(counts[("c", True)], pop_c * days_a))


def test_the_planted_effect_lies_in_the_estimates_interval(simulated) -> None:
    sim, reports = simulated
    did = _estimate(sim, reports, {"brushing_rebate"})
    assert did.target_before.reports >= 50  # enough reports for the interval to mean something
    low, high = did.ratio_ci
    assert low <= TRUE_EFFECT <= high
    assert high < 1.0  # and the campaign's effect is told from none
    assert did.difference < 0 and did.difference_ci[1] < 0


def test_fraud_the_campaign_did_not_teach_shows_no_effect(simulated) -> None:
    sim, reports = simulated
    others = {t for t in {r.fraud_type for r in reports} if t != "brushing_rebate"}
    did = _estimate(sim, reports, others)
    assert did.ratio_ci[0] <= 1.0 <= did.ratio_ci[1]
