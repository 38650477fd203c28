"""`antifraud simulate --preset dense` and `antifraud warnings evaluate --sight partial`, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from antifraud.cli import app

runner = CliRunner()


def test_the_dense_preset_makes_a_small_city_under_heavy_fraud(tmp_path: Path) -> None:
    out = tmp_path / "dense"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--seed", "7", "--preset", "dense", "--days", "2"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scale"] == 0.0025 and manifest["days"] == 2
    assert 12_000 <= manifest["counts"]["city/citizens"] <= 18_000
    assert manifest["counts"]["truth/gangs"] == 16
    assert manifest["counts"]["truth/targets"] > 300  # hundreds of targets in two days

    partial = runner.invoke(app, ["warnings", "evaluate", "--data", str(out), "--sight", "partial", "--json"])
    full = runner.invoke(app, ["warnings", "evaluate", "--data", str(out), "--json"])
    assert partial.exit_code == 0 and full.exit_code == 0, partial.output + full.output
    seen_partial, seen_full = json.loads(partial.stdout), json.loads(full.stdout)
    assert seen_partial["sight"] == "partial" and seen_partial["events"] < 0.8 * seen_full["events"]
    assert seen_full["false_warnings_per_10k_innocent"] is not None


def test_a_bad_preset_or_sight_is_refused_by_name(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["simulate", "--out", str(tmp_path / "x"), "--preset", "huge"])
    assert bad.exit_code == 2 and "--preset" in bad.output
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    bad = runner.invoke(app, ["warnings", "evaluate", "--data", str(tmp_path), "--sight", "half"])
    assert bad.exit_code == 2 and "--sight" in bad.output
