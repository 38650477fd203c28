"""Tracing straight from statement files: `trace_file` and the `antifraud trace` command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from antifraud.cli.trace import trace_command
from antifraud.tracing.offline import TraceFileError, trace_file

FLOWS = [
    "txn_id,time,from_account,to_account,amount,balance_after",
    "T1,2024-03-01 10:00:00,6200000000000009,6222020000000001,1000.00,",
    "T2,2024-03-01 10:05:00,6222020000000001,6217000000000002,500.00,800.00",
    "T3,2024-03-01 10:06:00,6228480000000003,6222020000000001,400.00,",
    "T4,2024-03-01 10:10:00,6222020000000001,6228480000000099,1000.00,",
    "T5,2024-03-01 10:11:00,6222020000000001,6228480000000099,oops,",
]


@pytest.fixture
def flows(tmp_path: Path) -> Path:
    path = tmp_path / "flows.csv"
    path.write_text("\n".join(FLOWS) + "\n", encoding="utf-8")
    return path


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("trace")(trace_command)
    app.command("noop")(lambda: None)  # a second command keeps `trace` as a sub-command
    return app


def test_trace_a_file_by_transfer_id(flows: Path) -> None:
    result = trace_file(flows, txn_id="T1", rule="fifo")
    assert [(a.account, a.amount_held) for a in result.accounts] == [
        ("6222020000000001", Decimal("0.00")), ("6217000000000002", Decimal("200.00")),
        ("6228480000000099", Decimal("800.00"))]


def test_trace_a_file_from_a_card_seed(flows: Path) -> None:
    result = trace_file(flows, card="6217000000000002", at="2024-03-01 10:30", amount="50",
                        rule="poison")
    assert [a.account for a in result.accounts] == ["6217000000000002"]
    assert result.total_held == Decimal("50.00")


def test_trace_file_errors_are_plain_messages(flows: Path, tmp_path: Path) -> None:
    with pytest.raises(TraceFileError, match="NOPE is not in the statements"):
        trace_file(flows, txn_id="NOPE")
    with pytest.raises(TraceFileError, match="no such file"):
        trace_file(tmp_path / "missing.csv", txn_id="T1")
    with pytest.raises(TraceFileError, match="--amount"):
        trace_file(flows, card="X", at="2024-03-01 10:00", amount="lots")
    with pytest.raises(TraceFileError):
        trace_file(flows)
    empty = tmp_path / "bad.csv"
    empty.write_text("txn_id,time,from_account,to_account,amount\nT1,soon,A,B,1\n", encoding="utf-8")
    with pytest.raises(TraceFileError, match="line 2: time"):
        trace_file(empty, txn_id="T1")


def test_command_prints_a_table_by_tier(flows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTIFRAUD_DEFAULT_LANGUAGE", "en")
    run = CliRunner().invoke(cli(), ["trace", "--statements", str(flows), "--txn", "T1",
                                     "--tiers", "1"])
    assert run.exit_code == 0, run.output
    assert "6222020000000001" in run.output
    assert "Left the trace beyond tier 1: 1,000.00 (2 transfers)" in run.output
    assert "line 6: amount: not a number" in run.output   # the bad row, reported on stderr


def test_command_prints_json(flows: Path) -> None:
    run = CliRunner().invoke(
        cli(), ["trace", "--statements", str(flows), "--txn", "T1", "--rule", "proportional",
                "--json"])
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["rule"] == "proportional"
    assert data["accounts"][0] == {
        "account": "6222020000000001", "bank_code": None, "tier": 1,
        "first_arrival": "2024-03-01T02:00:00+00:00", "amount_in": "1000.00",
        "amount_out": "897.43", "amount_held": "102.57"}


def test_command_reports_a_missing_transfer_without_a_stack_trace(flows: Path) -> None:
    run = CliRunner().invoke(cli(), ["trace", "--statements", str(flows),
                                                     "--txn", "NOPE"])
    assert run.exit_code == 2
    assert "NOPE is not in the statements" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
