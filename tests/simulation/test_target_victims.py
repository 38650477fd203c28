"""Who gangs reach: victims mostly aged 18–30, many delivery customers, 刷单返利 the commonest type."""

from __future__ import annotations

from collections import Counter

import pyarrow.compute as pc

from antifraud.simulation.config import (
    FRAUD_TYPE_SHARES,
    FRAUD_TYPES,
    LOSS_MAX_YUAN,
    LOSS_MIN_YUAN,
    SimulationConfig,
    young_share_by_type,
)

from .conftest import Run


def _engaged(run: Run) -> list[dict]:
    targets = run.truth["targets"]
    return targets.filter(pc.invert(pc.equal(targets["outcome"], "ignored"))).to_pylist()


def test_seven_in_ten_victims_are_aged_18_to_30(fraud_year: Run) -> None:
    engaged = _engaged(fraud_year)
    assert len(engaged) > 2000
    city = fraud_year.sim.city
    young = sum(18 <= city.age[t["citizen"]] <= 30 for t in engaged) / len(engaged)
    assert abs(young - 0.70) <= 0.05


def test_more_than_half_of_victims_order_food_delivery(fraud_year: Run) -> None:
    engaged = _engaged(fraud_year)
    city = fraud_year.sim.city
    share = sum(bool(city.delivery[t["citizen"]]) for t in engaged) / len(engaged)
    assert abs(share - 0.55) <= 0.05


def test_brushing_rebate_is_the_largest_fraud_type(fraud_year: Run) -> None:
    counts = Counter(t["fraud_type"] for t in _engaged(fraud_year))
    assert counts.most_common(1)[0][0] == "brushing_rebate"
    assert abs(counts["brushing_rebate"] / sum(counts.values()) - 0.34) < 0.04
    assert set(counts) == set(FRAUD_TYPES)


def test_losses_run_from_hundreds_of_yuan_to_about_a_million(fraud_year: Run) -> None:
    losses = [t["loss_fen"] / 100 for t in _engaged(fraud_year) if t["outcome"] == "defrauded"]
    assert min(losses) >= LOSS_MIN_YUAN and max(losses) <= LOSS_MAX_YUAN
    assert max(losses) > 200_000
    assert sorted(losses)[len(losses) // 2] > 5_000


def test_dissuaded_targets_lost_nothing_after_a_call_from_96110(fraud_year: Run) -> None:
    engaged = _engaged(fraud_year)
    dissuaded = [t for t in engaged if t["outcome"] == "dissuaded"]
    assert all(t["loss_fen"] == 0 and t["intervention"] == "dissuaded" and t["warning_time"] for t in dissuaded)
    calls = fraud_year.tables["calls"]
    desk = calls.filter(pc.equal(calls["caller"], "96110"))
    warned_phones = {t["phone"] for t in engaged if t["intervention"] != "none"}
    assert set(desk["callee"].to_pylist()) <= warned_phones


def test_dissuasions_run_at_6600_a_year_at_full_scale(fraud_year: Run) -> None:
    sim = fraud_year.sim
    start, end = sim.start_ms, sim.start_ms + sim.days * 86_400_000
    dissuaded = [t for t in _engaged(fraud_year)
                 if t["outcome"] == "dissuaded" and start <= t["warning_time"].timestamp() * 1000 < end]
    expected = 6_600 * sim.scale * sim.days / 365
    assert abs(len(dissuaded) - expected) < 0.15 * expected


def test_victim_mixture_of_ages_matches_the_target_share() -> None:
    shares = young_share_by_type(SimulationConfig())
    mixture = sum(s * shares[t] for t, s in zip(FRAUD_TYPES, FRAUD_TYPE_SHARES, strict=True))
    assert abs(mixture - 0.70) < 0.005
