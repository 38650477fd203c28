"""A center imports its authoritative BIN table: a report of what changed, bad rows by line, idempotent."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from antifraud.cli import app
from antifraud.core import audit
from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.core.errors import Forbidden, ValidationFailed
from antifraud.identifiers import parse_bank_card
from antifraud.identifiers.service import do_import_bin_table
from tests.identifiers.bin_helpers import card_under, unknown_prefix


def _import(text: str, encoding: str = "utf-8", name: str = "issuers.csv"):  # type: ignore[no-untyped-def]
    with session_scope() as session:
        return do_import_bin_table(session, SYSTEM, text.encode(encoding), name)


def test_import_adds_rows_that_cards_are_then_routed_by() -> None:
    rng = random.Random(11)
    a, b = unknown_prefix(rng), unknown_prefix(rng)
    report = _import(f"bin,bank_name_zh,bank_code,length,card_type\n{a},工商银行,,19,借记卡\n{b}12,金华银行,,16,credit\n")
    assert report.added == [a, f"{b}12"] and not report.errors
    card = parse_bank_card(card_under(a, rng))
    assert (card.bank_code, card.bank_name_zh, card.card_type, card.source) == ("ICBC", "中国工商银行", "debit", "import")
    assert parse_bank_card(card_under(f"{b}12", rng, 16)).bank_code == "JHBANK"
    assert parse_bank_card(card_under(f"{b}13", rng, 16)).bank_code is None


def test_importing_the_same_file_twice_changes_nothing() -> None:
    rng = random.Random(12)
    text = f"bin,bank_name_zh\n{unknown_prefix(rng)},义乌农商银行\n"
    first, second = _import(text), _import(text)
    assert len(first.added) == 1
    assert (second.added, second.changed, second.unchanged) == ([], [], 1)


def test_a_changed_row_is_reported_as_changed() -> None:
    rng = random.Random(13)
    prefix = unknown_prefix(rng)
    _import(f"bin,bank_name_zh\n{prefix},中国银行\n")
    report = _import(f"bin,bank_name_zh\n{prefix},中国建设银行\n")
    assert report.changed == [prefix]
    assert parse_bank_card(card_under(prefix, rng)).bank_code == "CCB"


def test_a_row_that_contradicts_the_shipped_table_is_reported_and_applied() -> None:
    rng = random.Random(14)
    report = _import("bin,bank_name_zh,length\n62220299,招商银行,19\n")
    assert report.conflicting == [] and report.added == ["62220299"]  # a narrower range: no conflict
    report = _import("bin,bank_name_zh,length\n621775,中国邮政储蓄银行,19\n")  # shipped: 徽商银行
    assert report.conflicting == ["621775: 中国邮政储蓄银行 (shipped table: 徽商银行)"]
    assert parse_bank_card(card_under("621775", rng)).bank_code == "PSBC"
    _import("bin,bank_name_zh,length\n621775,徽商银行,19\n")  # the center takes it back
    assert parse_bank_card(card_under("621775", rng)).bank_name_zh == "徽商银行"


def test_bad_rows_are_named_by_line_and_good_rows_kept() -> None:
    rng = random.Random(15)
    good = unknown_prefix(rng)
    report = _import("bin,bank_name_zh,bank_code,length,card_type\n"
                     f"{good},宁波银行,,,\n"
                     "12345,宁波银行,,,\n"
                     f"{unknown_prefix(rng)},,,,\n"
                     f"{unknown_prefix(rng)},宁波银行,,15,\n"
                     f"{unknown_prefix(rng)},宁波银行,,,gift\n"
                     f"{unknown_prefix(rng)},宁波银行,ICBC,,\n"
                     f"{good},宁波银行,,,\n")
    assert report.added == [good]
    assert [(line, field) for line, field, _ in report.errors] == [
        (3, "bin"), (4, "bank_name_zh"), (5, "length"), (6, "card_type"), (7, "bank_code"), (8, "bin")]
    assert "6 to 10 digits" in report.errors[0][2]


def test_a_spreadsheet_saved_in_gb18030_is_read() -> None:
    prefix = unknown_prefix(random.Random(16))
    report = _import(f"bin,bank_name_zh\n{prefix},浙江稠州商业银行\n", encoding="gb18030")
    assert report.added == [prefix]
    assert parse_bank_card(card_under(prefix, random.Random(16))).bank_code == "ZJCZCB"


def test_a_file_without_the_needed_columns_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        _import("prefix,bank\n621000,中国银行\n")
    assert caught.value.field == "file" and "bank_name_zh" in caught.value.message


def test_only_an_administrator_may_import(make_user) -> None:  # type: ignore[no-untyped-def]
    _, _, analyst = make_user("analyst")
    with session_scope() as session, pytest.raises(Forbidden):
        do_import_bin_table(session, analyst, b"bin,bank_name_zh\n", "x.csv")


def test_an_import_is_audited() -> None:
    _import(f"bin,bank_name_zh\n{unknown_prefix(random.Random(17))},温州银行\n", name="audited.csv")
    with session_scope() as session:
        entries = audit.entries_for(session, "bin_table", "audited.csv")
    assert entries[-1].action == "bins.import" and entries[-1].details["added"] == 1


def test_the_bins_import_command_prints_the_report(tmp_path: Path) -> None:
    rng = random.Random(18)
    prefix = unknown_prefix(rng)
    path = tmp_path / "table.csv"
    path.write_text(f"bin,bank_name_zh\n{prefix},台州银行\nabc,台州银行\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["bins", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 BIN rows added, 0 changed, 0 unchanged" in result.output
    assert "table.csv:3: bin:" in result.output
    again = CliRunner().invoke(app, ["bins", "import", str(path)])
    assert "0 BIN rows added, 0 changed, 1 unchanged" in again.output


def test_the_bins_import_command_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bins", "import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "no such file" in result.output
