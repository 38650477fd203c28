"""A bank's statement carries formulas in names and summaries; the trace export shows them as text, never live."""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from antifraud.core.cells import SafeCsvWriter, append_safe, safe_cell
from antifraud.core.clock import now
from tests.factories import card_of, case_payload

HYPERLINK = '=HYPERLINK("http://evil.example/x","click")'
DDE = "=cmd|'/Ccalc'!A0"
HEADER = ["交易卡号", "交易时间", "收付标志", "交易金额", "交易余额", "对手账号", "对手户名", "摘要", "交易流水号"]


def _statement(cards: dict[str, str], t0) -> bytes:  # type: ignore[no-untyped-def]
    """Card a's statement (ICBC) with formulas where a bank types free text."""
    def at(minutes: int) -> str:
        return f"{t0 + timedelta(minutes=minutes):%Y-%m-%d %H:%M:%S}"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerows([HEADER,
                      [cards["a"], at(0), "进", "10000.00", "10000.00", cards["victim"], "+1+1", "@SUM(A1)", "F1"],
                      [cards["a"], at(2), "出", "6000.00", "4000.00", cards["b"], HYPERLINK, DDE, "F2"],
                      [cards["a"], at(3), "出", "3000.00", "1000.00", cards["c"], "@SUM(A1)", "+1+1", "F3"],
                      [cards["a"], at(4), "出", "500.00", "500.00", cards["d"], "\t=1+2", "-2+3", "F4"]])
    return buf.getvalue().encode()


def test_formulas_planted_in_a_statement_come_out_as_text(api, login) -> None:
    rng = random.Random(10)
    cards = {"victim": card_of("ABC", rng), "a": card_of("ICBC", rng), "b": card_of("CCB", rng),
             "c": card_of("BOC", rng), "d": card_of("CMB", rng)}
    t0 = now() - timedelta(hours=2)
    payload = case_payload(loss_amount="10000.00", occurred_at=(t0 - timedelta(minutes=5)).isoformat(),
                           identifiers=[{"kind": "bank_card", "value": cards["a"]},
                                        {"kind": "bank_card", "value": cards["victim"], "role": "victim"}])
    case = api.post("/cases", headers=login("call_taker"), json=payload).json()
    icbc = login("bank_liaison", "ICBC")
    up = api.post("/statements/upload", headers=icbc,
                  files={"file": ("icbc.csv", _statement(cards, t0), "text/csv")})
    assert up.status_code == 201, up.text
    assert (up.json()["rows_new"], up.json()["rows_bad"]) == (4, 0)
    analyst = login("analyst")
    assert api.post(f"/cases/{case['id']}/trace", headers=analyst, json={}).status_code == 200
    r = api.get(f"/cases/{case['id']}/trace.xlsx", headers=analyst)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {"'" + HYPERLINK, "'" + "@SUM(A1)", "'=1+2", "'" + DDE, "'+1+1", "'-2+3"} <= texts
    cards_sheet = book.worksheets[0]
    holders = {row[1].value: row[10].value for row in cards_sheet.iter_rows(min_row=3)}
    assert holders[cards["b"]] == "'" + HYPERLINK
    amounts = [row[4] for row in cards_sheet.iter_rows(min_row=3)]
    assert all(c.data_type == "n" for c in amounts)


def test_numbers_stay_numbers_and_text_is_never_a_formula() -> None:
    assert safe_cell(Decimal("-12.50")) == Decimal("-12.50") and safe_cell(-3) == -3
    assert safe_cell("-3") == "'-3" and safe_cell("\rA") == "'\rA" and safe_cell("王某") == "王某"
    sheet = Workbook().active
    append_safe(sheet, ["=1+1", -5.0, "plain", None])
    assert [c.data_type for c in sheet[1]] == ["s", "n", "s", "n"]
    assert sheet["A1"].value == "'=1+1"
    out = io.StringIO()
    SafeCsvWriter(out, lineterminator="\n").writerows([["=cmd|'/Ccalc'!A0", -1, "@x"]])
    assert out.getvalue() == "'=cmd|'/Ccalc'!A0,-1,'@x\n"
