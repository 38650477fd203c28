"""An operator classifies a CSV export from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import typer
from typer.testing import CliRunner

from antifraud.cli.classify import classify_command

app = typer.Typer()
app.command("classify")(classify_command)
app.command("noop")(lambda: None)
runner = CliRunner()


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_classify_a_column(tmp_path: Path) -> None:
    """Input columns come back with fraud_type, score and cues joined by |."""
    file = _write(tmp_path / "msgs.csv", [["id", "content"], ["1", "你涉嫌洗钱，把钱转到安全账户"], ["2", "晚上吃饭吗"]])
    result = runner.invoke(app, ["classify", str(file), "--column", "content"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "content", "fraud_type", "score", "cues"]
    assert rows[1][:3] == ["1", "你涉嫌洗钱，把钱转到安全账户", "impersonate_authority"]
    assert "安全账户" in rows[1][4].split("|")
    assert rows[2][2] == "none"
    assert 0.0 <= float(rows[2][3]) <= 1.0


def test_gb18030_file_and_default_column(tmp_path: Path) -> None:
    """A CSV saved by Excel in GB18030 is read too; the column defaults to `content`."""
    file = _write(tmp_path / "gbk.csv", [["content"], ["您的快递丢失了，我们给您三倍理赔"]], encoding="gb18030")
    result = runner.invoke(app, ["classify", str(file)])
    assert result.exit_code == 0, result.output
    assert "fake_customer_service" in result.stdout


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """No stack trace, non-zero exit, the path named."""
    result = runner.invoke(app, ["classify", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "file not found" in result.output
    assert "Traceback" not in result.output


def test_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    """The available columns are listed."""
    file = _write(tmp_path / "msgs.csv", [["id", "text"], ["1", "你好"]])
    result = runner.invoke(app, ["classify", str(file), "--column", "content"])
    assert result.exit_code == 2
    assert "column 'content' not in" in result.output and "id, text" in result.output
    assert "Traceback" not in result.output


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    """A file without a header row."""
    file = tmp_path / "empty.csv"
    file.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(file)])
    assert result.exit_code == 2
    assert "empty" in result.output


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A message beginning with '=' comes back neutralised, so a spreadsheet does not run it."""
    file = _write(tmp_path / "msgs.csv", [["content"], ['=HYPERLINK("http://evil.example/x","点击领取")'],
                                          ["@SUM(1+1)"]])
    result = runner.invoke(app, ["classify", str(file)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example/x","点击领取")'
    assert rows[2][0] == "'@SUM(1+1)"
