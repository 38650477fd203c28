"""`antifraud analytics evaluate`: recall of planted hot spots and false alarms a month, on a small city."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from antifraud.cli import app


def test_the_detector_finds_the_spots_planted_in_a_small_city() -> None:
    result = CliRunner().invoke(app, ["analytics", "evaluate", "--seed", "7", "--months", "3", "--scale", "0.05",
                                      "--per-month", "2", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["planted"] >= 3 and out["counted"] >= 3
    assert out["recall"] >= 0.6, out["spots"]
    assert out["false_alarms_per_month"] <= 2, out["alarms"]
    assert len(out["days_to_detection"]) == out["found"]
    assert sum(1 for s in out["spots"] if s["found_on"]) >= out["found"]


def test_a_bad_number_of_months_is_refused_by_name() -> None:
    result = CliRunner().invoke(app, ["analytics", "evaluate", "--months", "0"])
    assert result.exit_code != 0 and "--months" in result.output


def test_several_seeds_are_pooled_with_an_interval_on_the_recall() -> None:
    result = CliRunner().invoke(app, ["analytics", "evaluate", "--seed", "7", "--seed", "8", "--months", "3",
                                      "--scale", "0.05", "--per-month", "2", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["seeds"] == [7, 8] and [r["seed"] for r in out["runs"]] == [7, 8]
    assert out["counted"] == sum(r["counted"] for r in out["runs"]) >= 6
    assert out["found"] == sum(r["found"] for r in out["runs"])
    low, high = out["recall_ci"]
    assert low < out["recall"] <= high <= 1.0 and high - low < 0.5


def test_the_recall_interval_is_exact() -> None:
    from antifraud.lab.hotspots.evaluate import recall_interval

    assert recall_interval(9, 10) == (0.555, 0.997)  # Clopper–Pearson, as tabulated
    assert recall_interval(10, 10) == (0.692, 1.0)
    assert recall_interval(0, 0) is None
