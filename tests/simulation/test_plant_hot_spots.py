"""The simulator plants hot spots — a gang working one county and age band for weeks — and says so in the truth."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from antifraud.simulation.config import SimulationConfig
from antifraud.simulation.hotspots import BANDS
from antifraud.simulation.simulator import Simulation


def _run(per_month: float) -> Simulation:
    config = dataclasses.replace(SimulationConfig(), hotspots_per_month=per_month, background=False,
                                 lookalikes=False)
    sim = Simulation(11, 0.02, 60, config=config)
    for _ in sim:
        pass
    return sim


def test_each_planted_spot_is_in_the_truth_with_its_victims_where_it_says() -> None:
    sim = _run(2.0)
    spots = sim.truth()["hotspots"].to_pylist()
    assert spots, "two a month over 60 days plants some"
    targets = {t["episode_id"]: t for t in sim.truth()["targets"].to_pylist()}
    for spot in spots:
        assert spot["end"] - spot["start"] >= timedelta(days=14)
        assert spot["episodes"] == len(spot["episode_ids"]) > 0
        assert 0 < spot["reports"] <= spot["episodes"]
        lo, hi = BANDS[spot["age_band"]]
        for episode in spot["episode_ids"]:
            target = targets[episode]
            assert target["fraud_type"] == spot["fraud_type"] and target["gang_id"] == spot["gang_id"]
            assert spot["start"] <= target["start"] < spot["end"]
            citizen = target["citizen"]
            assert sim.city.division_codes[int(sim.city.division[citizen])] == spot["district_code"]
            assert lo <= int(sim.city.age[citizen]) <= hi


def test_no_spot_is_planted_unless_asked() -> None:
    assert _run(0.0).truth()["hotspots"].num_rows == 0
