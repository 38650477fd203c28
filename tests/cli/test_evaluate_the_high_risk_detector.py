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
