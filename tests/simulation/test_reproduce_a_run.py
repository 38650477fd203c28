"""Reproducing a run: the same seed writes byte-identical files; another seed does not."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from antifraud.simulation import simulate, write_parquet


def test_same_seed_writes_identical_parquet(tmp_path: Path) -> None:
    a = write_parquet(tmp_path / "a", seed=21, scale=0.004, days=6)
    b = write_parquet(tmp_path / "b", seed=21, scale=0.004, days=6)
    assert a.files == b.files
    assert a.counts["transfers"] > 0 and a.counts["calls"] > 0


def test_different_seed_writes_different_data(tmp_path: Path) -> None:
    a = write_parquet(tmp_path / "a", seed=21, scale=0.004, days=3)
    c = write_parquet(tmp_path / "c", seed=22, scale=0.004, days=3)
    assert a.files["transfers.parquet"]["sha256"] != c.files["transfers.parquet"]["sha256"]


def test_first_days_do_not_depend_on_how_long_the_run_is() -> None:
    short = [b.transfers for b in simulate(seed=9, scale=0.003, days=3)]
    long = [b.transfers for b in simulate(seed=9, scale=0.003, days=5)][:3]
    assert all(x.equals(y) for x, y in zip(short, long, strict=True))


def test_manifest_lists_counts_and_digests(tmp_path: Path) -> None:
    manifest = write_parquet(tmp_path, seed=2, scale=0.003, days=2)
    on_disk = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk["seed"] == 2 and on_disk["days"] == 2
    assert on_disk["counts"] == manifest.counts
    for name in ("transfers.parquet", "reports.parquet", "truth/identifiers.parquet", "truth/targets.parquet",
                 "truth/labels.parquet", "truth/gangs.parquet", "city/citizens.parquet"):
        assert name in on_disk["files"] and len(on_disk["files"][name]["sha256"]) == 64


def test_simulate_command_writes_the_files(tmp_path: Path) -> None:
    import typer

    from antifraud.cli.simulate import simulate_command

    app = typer.Typer()
    app.command("simulate")(simulate_command)
    app.callback()(lambda: None)
    result = CliRunner().invoke(app, ["simulate", "--out", str(tmp_path), "--scale", "0.002", "--seed", "4",
                                      "--days", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "manifest.json").exists() and (tmp_path / "transfers.parquet").exists()
