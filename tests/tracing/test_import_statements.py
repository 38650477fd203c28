"""Importing bank statements (交易流水) from CSV and XLSX."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from antifraud.core.clock import LOCAL_TZ
from antifraud.tracing.statements import (
    NO_COUNTERPARTY,
    StatementFileError,
    parse_statements,
)

CARD_A, CARD_B, CARD_C = "6222020000000001", "6217000000000002", "6228480000000003"
HEADER = "交易卡号,交易时间,收付标志,交易金额,交易余额,对手账号,对手户名,摘要,交易流水号"
STATEMENT_A = [  # card A's own statement
    f"{CARD_A},2024-03-01 10:00:00,进,\"1,000.00\",1300.00,6200000000000009,王某,转账,S001",
    f"{CARD_A},2024/03/01 10:05:00,出,500.00,800.00,{CARD_B},李某,网银转账,S002",
    f"{CARD_A},2024-03-01 10:06:00,贷,400.00,1200.00,{CARD_C},张某,转账,",
    f"{CARD_A},2024-03-01 10:10:00,借,1000.00,200.00,{CARD_C},张某,转账,S004",
]
STATEMENT_B = [  # card B's statement: S002 again, from the receiving side
    f"{CARD_B},2024-03-01 10:05:00,收,500.00,500.00,{CARD_A},周某,转账,S002",
    f"{CARD_B},20240301103000,付,300.00,200.00,,,ATM取款,",
]
STATEMENT_C = [  # card C's statement: the no-serial transfer again, from the paying side
    f"{CARD_C},2024-03-01 10:06:00,出,400.00,0.00,{CARD_A},周某,转账,",
]


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_canonical_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "flows.csv", [
        "txn_id,time,from_account,to_account,amount,channel,balance_after,counterparty_name",
        "T2,2024-03-01 10:05:00,A,B,500.00,mobile,800.00,李某",
        "T1,2024-03-01T10:00:00+08:00,V,A,1000,,,",
        "T3,2024-03-01 02:06:00Z,X,A,400.5,,,",
    ])
    result = parse_statements(path)
    assert result.errors == []
    assert [t.txn_id for t in result.transfers] == ["T1", "T2", "T3"]
    t1, t2, t3 = result.transfers
    assert t1.time == datetime(2024, 3, 1, 10, 0, tzinfo=LOCAL_TZ)
    assert t3.time == datetime(2024, 3, 1, 10, 6, tzinfo=LOCAL_TZ)
    assert (t2.amount, t2.channel, t2.balance_after) == (Decimal("500.00"), "mobile", Decimal("800.00"))
    assert t3.amount == Decimal("400.50")
    assert result.opening_balances == {"A": Decimal("300.00")}
    assert result.account_names == {"B": "李某"}


def test_per_card_statements_count_each_transfer_once(tmp_path: Path) -> None:
    result = parse_statements([
        write(tmp_path / "a.csv", ["某某银行 账户交易明细", HEADER, *STATEMENT_A]),
        write(tmp_path / "b.csv", [HEADER, *STATEMENT_B]),
        write(tmp_path / "c.csv", [HEADER, *STATEMENT_C]),
    ])
    assert result.errors == []
    flows = [(t.from_account, t.to_account, str(t.amount)) for t in result.transfers]
    assert flows == [
        ("6200000000000009", CARD_A, "1000.00"),
        (CARD_A, CARD_B, "500.00"),
        (CARD_C, CARD_A, "400.00"),
        (CARD_A, CARD_C, "1000.00"),
        (CARD_B, NO_COUNTERPARTY, "300.00"),
    ]
    assert result.transfers[1].txn_id == "S002"
    assert result.transfers[1].balance_after == Decimal("800.00")  # the payer's side
    assert result.opening_balances == {CARD_A: Decimal("300.00"), CARD_C: Decimal("400.00")}
    assert result.account_names[CARD_B] == "李某"


def test_a_row_without_serial_matches_the_other_sides_row_with_one(tmp_path: Path) -> None:
    receiving_side = STATEMENT_B[0].rsplit(",", 1)[0] + ","   # S002 without its 交易流水号
    result = parse_statements([write(tmp_path / "a.csv", [HEADER, *STATEMENT_A]),
                               write(tmp_path / "b.csv", [HEADER, receiving_side])])
    assert [t.txn_id for t in result.transfers if t.to_account == CARD_B] == ["S002"]
    assert len(result.transfers) == 4


def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [
        "txn_id,time,from_account,to_account,amount",
        "T1,2024-03-01 10:00:00,V,A,1000",
        "T2,2024-03-01 10:01:00,A,B,abc",
        "T3,yesterday,A,B,5",
        "T4,2024-03-01 10:03:00,,B,5",
        "",
        "T5,2024-03-01 10:04:00,A,B,-5",
        "T6,2024-02-30 10:04:00,A,B,5",
        "T7,2024-03-01 10:05:00,A,C,7",
    ])
    result = parse_statements(path)
    assert [t.txn_id for t in result.transfers] == ["T1", "T7"]
    assert [str(e) for e in result.errors] == [
        f"{path}: line 3: amount: not a number",
        f"{path}: line 4: time: 'yesterday' is not a date and time",
        f"{path}: line 5: from_account: missing",
        f"{path}: line 7: amount: must be positive",
        f"{path}: line 8: time: '2024-02-30 10:04:00' is not a valid date and time",
    ]


def test_per_card_bad_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [
        HEADER,
        f"{CARD_A},2024-03-01 10:00:00,转,5.00,,{CARD_B},,,X1",
        f",2024-03-01 10:00:00,进,5.00,,{CARD_B},,,X2",
        f"{CARD_A},2024-03-01 10:00:00,进,0,,{CARD_B},,,X3",
        f"{CARD_A},2024-03-01 10:00:00,,-8.00,,{CARD_B},,,X4",
    ])
    result = parse_statements(path)
    assert [str(e).split(": ", 1)[1] for e in result.errors] == [
        "line 2: 收付标志: 转; expected 进/出, 收/付 or 借/贷",
        "line 3: 交易卡号: missing",
        "line 4: 交易金额: zero",
    ]
    [signed] = result.transfers  # no flag: the sign says it went out
    assert (signed.from_account, signed.amount) == (CARD_A, Decimal("8.00"))


def test_a_txn_id_reused_for_another_transfer_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ["txn_id,time,from_account,to_account,amount",
                                      "T1,2024-03-01 10:00:00,V,A,10",
                                      "T1,2024-03-01 10:00:00,V,B,10"])
    result = parse_statements(path)
    assert len(result.transfers) == 1
    assert "txn_id T1: already used by" in str(result.errors[0])


def test_reimporting_the_same_files_gives_the_same_transfers(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", [HEADER, *STATEMENT_A])
    b = write(tmp_path / "b.csv", [HEADER, *STATEMENT_B])
    once = parse_statements([a, b])
    assert parse_statements([a, b, a, b]).transfers == once.transfers
    assert parse_statements([b, a]) == once
    rows = [*STATEMENT_A]
    random.Random(3).shuffle(rows)
    shuffled = write(tmp_path / "a2.csv", [HEADER, *rows])
    assert parse_statements([shuffled, b]).transfers == once.transfers


def test_xlsx_round_trip(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["交易明细"])
    sheet.append(HEADER.split(","))
    for line in STATEMENT_A:
        cells: list[object] = line.replace('"1,000.00"', "1000").split(",")
        cells[1] = datetime.fromisoformat(str(cells[1]).replace("/", "-"))
        cells[3] = float(str(cells[3]))
        sheet.append(cells)
    sheet.append([float(CARD_A), datetime(2024, 3, 1, 11), "出", 1.5, None, CARD_B])
    other = book.create_sheet("B")
    other.append(HEADER.split(","))
    for line in STATEMENT_B:
        other.append(line.split(","))
    path = tmp_path / "statements.xlsx"
    book.save(path)
    from_xlsx = parse_statements(path)
    from_csv = parse_statements([write(tmp_path / "a.csv", [HEADER, *STATEMENT_A]),
                                 write(tmp_path / "b.csv", [HEADER, *STATEMENT_B])])
    assert from_xlsx.transfers == from_csv.transfers
    assert from_xlsx.opening_balances == from_csv.opening_balances
    [error] = from_xlsx.errors
    assert (error.file, error.line) == (f"{path}[Sheet]", 7)
    assert "交易卡号: stored as a number" in error.reason


def test_gb18030_and_split_date_and_time_columns(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("\n".join([
        "卡号,交易日期,交易时间,借贷标志,交易金额(元),余额,对方账号,摘要",
        f"{CARD_A},20240301,101500,借,12.50,87.50,{CARD_B},转账",
        f"{CARD_A},2024-03-01,10:20:00,贷,2.50,90.00,{CARD_B},退款",
    ]).encode("gb18030"))
    result = parse_statements(path)
    assert result.errors == []
    assert [t.time for t in result.transfers] == [datetime(2024, 3, 1, 10, 15, tzinfo=LOCAL_TZ),
                                                  datetime(2024, 3, 1, 10, 20, tzinfo=LOCAL_TZ)]
    assert result.opening_balances == {CARD_A: Decimal("100.00")}


def test_unreadable_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(StatementFileError, match="no such file"):
        parse_statements(tmp_path / "missing.csv")
    with pytest.raises(StatementFileError, match="unsupported file type"):
        parse_statements(write(tmp_path / "a.pdf", ["x"]))
    with pytest.raises(StatementFileError, match="no header row"):
        parse_statements(write(tmp_path / "a.csv", ["a,b,c", "1,2,3"]))
    with pytest.raises(StatementFileError, match="not a readable XLSX"):
        parse_statements(write(tmp_path / "a.xlsx", ["not a zip"]))
