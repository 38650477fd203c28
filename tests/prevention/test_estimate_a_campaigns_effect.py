"""The campaign effect: difference in differences of incidence, with its 95 % interval, on hand-made data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from antifraud.prevention.engine import Audience, Incidence, difference_in_differences, split_cells

MONTH = 30


def test_halved_incidence_against_a_flat_comparison_is_found_with_its_interval() -> None:
    # Target: 40 reports among 100,000 residents over 30 days (4.0 per 10,000 per 30 days), then 20 (2.0).
    # Comparison: 80 among 200,000 both times (4.0 → 4.0). The campaign took 2.0 off the rate.
    did = difference_in_differences(Incidence(40, 100_000 * MONTH), Incidence(20, 100_000 * MONTH),
                                    Incidence(80, 200_000 * MONTH), Incidence(80, 200_000 * MONTH))
    assert did.difference == pytest.approx(-2.0)
    # Var = Σ count × (300,000 / exposure)² = 60 × 0.1² + 160 × 0.05² = 1.0, so the half-width is 1.96.
    assert did.difference_ci == pytest.approx((-2.0 - 1.959964, -2.0 + 1.959964), abs=1e-5)
    assert did.ratio == pytest.approx(0.5)
    half = 1.959964 * math.sqrt(1 / 40 + 1 / 20 + 1 / 80 + 1 / 80)
    assert did.ratio_ci == pytest.approx((0.5 * math.exp(-half), 0.5 * math.exp(half)), rel=1e-5)


def test_a_shared_trend_is_not_taken_for_an_effect() -> None:
    # Both groups double: whatever doubled them, the campaign did not.
    did = difference_in_differences(Incidence(30, 50_000 * 28), Incidence(60, 50_000 * 28),
                                     Incidence(90, 150_000 * 28), Incidence(180, 150_000 * 28))
    assert did.ratio == pytest.approx(1.0)
    assert did.ratio_ci[0] < 1.0 < did.ratio_ci[1]
    # The rate difference counts the target's own doubling against the control's: 6.43 − 6.43 per 10,000.
    assert did.difference == pytest.approx(0.0, abs=1e-9)


def test_periods_of_different_length_are_compared_per_resident_day() -> None:
    # 28 days before, 14 days after at the same daily rate: no change.
    did = difference_in_differences(Incidence(28, 10_000 * 28), Incidence(14, 10_000 * 14),
                                    Incidence(56, 20_000 * 28), Incidence(28, 20_000 * 14))
    assert did.difference == pytest.approx(0.0, abs=1e-9)
    assert did.ratio == pytest.approx(1.0)


def test_zero_reports_after_still_gives_a_finite_interval() -> None:
    did = difference_in_differences(Incidence(12, 10_000 * 28), Incidence(0, 10_000 * 28),
                                    Incidence(30, 30_000 * 28), Incidence(31, 30_000 * 28))
    assert 0 < did.ratio < 0.2
    assert all(math.isfinite(v) for v in (*did.ratio_ci, *did.difference_ci))


def test_no_residents_is_refused() -> None:
    with pytest.raises(ValueError):
        difference_in_differences(Incidence(1, 0), Incidence(1, 10), Incidence(1, 10), Incidence(1, 10))


def test_the_interval_covers_a_known_effect_about_95_times_in_100() -> None:
    """Poisson draws around a true 40 % fall: the ratio's 95 % interval holds the truth about 95 % of the time."""
    rng = np.random.default_rng(20261207)
    exposure_t, exposure_c = 80_000 * 28, 240_000 * 28
    base_t, base_c, trend, effect = 30.0, 90.0, 1.2, 0.6
    covered = 0
    runs = 2000
    for _ in range(runs):
        tb, ta = rng.poisson(base_t), rng.poisson(base_t * trend * effect)
        cb, ca = rng.poisson(base_c), rng.poisson(base_c * trend)
        did = difference_in_differences(Incidence(int(tb), exposure_t), Incidence(int(ta), exposure_t),
                                        Incidence(int(cb), exposure_c), Incidence(int(ca), exposure_c))
        covered += did.ratio_ci[0] <= effect <= did.ratio_ci[1]
    assert 0.93 <= covered / runs <= 0.975


def test_targeted_districts_are_compared_with_the_same_age_bands_elsewhere() -> None:
    districts, bands = ("A", "B", "C"), ("18-30", "31-45", "61+")
    target, control = split_cells(Audience(districts=("A",), age_bands=("18-30",)), districts, bands)
    assert target == {("A", "18-30")}
    assert control == {("B", "18-30"), ("C", "18-30")}
    target, control = split_cells(Audience(age_bands=("61+",)), districts, bands)
    assert target == {(d, "61+") for d in districts}
    assert control == {(d, b) for d in districts for b in ("18-30", "31-45")}
    target, control = split_cells(Audience(), districts, bands)
    assert control == set()
