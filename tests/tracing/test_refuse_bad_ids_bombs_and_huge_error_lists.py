"""Statements with bad ids, decompression bombs and a million bad rows: refused or reported, small and fast."""

from __future__ import annotations

import io
import resource
import time
import zipfile

import pytest
from openpyxl import Workbook

from antifraud.tracing import statements
from antifraud.tracing.statements import MAX_ERRORS, StatementFileError, parse_statement_bytes
from tests.factories import card_of

CARD = card_of("ICBC")
HEADER = "txn_id,time,from_account,to_account,amount"


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_accounts_and_transaction_ids_are_checked_by_line() -> None:
    bad_luhn = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    result = parse_statement_bytes(_csv(
        f"T1,2024-03-01 10:00,{CARD},6200000000000009,100",           # card to a bank account: fine
        f"T2,2024-03-01 10:00,{bad_luhn},6200000000000009,100",      # a card with a wrong check digit
        f"T3,2024-03-01 10:00,{CARD},=cmd|'/Ccalc'!A0,100",          # a formula as an account
        f"T4,2024-03-01 10:00,{CARD},123,100",                       # too short for any account
        f"=HYPERLINK(1),2024-03-01 10:00,{CARD},6200000000000009,100",
        f"T6,2024-03-01 10:00,{CARD},alipay:mule@example.com,100",   # a payment account
        f"{'T' * 65},2024-03-01 10:00,{CARD},6200000000000009,100",
    ), "bank.csv")
    reasons = {e.line: e.reason for e in result.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 8]
    assert "Luhn" in reasons[3] and reasons[3].startswith("from_account")
    assert reasons[4].startswith("to_account") and "not a card, bank account or payment account" in reasons[4]
    assert "6 to 32" in reasons[5]
    assert reasons[6].startswith("txn_id") and reasons[8].startswith("txn_id: longer than 64")
    assert {t.to_account for t in result.transfers} == {"6200000000000009", "alipay:mule@example.com"}
    assert all(e.file == "bank.csv" for e in result.errors)


def test_an_uploaded_files_errors_name_it_not_a_server_path(api, login) -> None:
    r = api.post("/statements/upload", headers=login("analyst"),
                 files={"file": ("../../etc/流水.csv", b"no,header,here\n1,2,3\n", "text/csv")})
    assert r.status_code == 422
    message = r.json()["detail"][0]["msg"] if "msg" in r.json()["detail"][0] else str(r.json())
    assert "流水.csv" in str(r.json()) and "/tmp" not in str(r.json()) and "etc" not in message


def _bomb(sheet_bytes: int) -> bytes:
    """A valid-looking workbook whose one sheet unpacks to `sheet_bytes` of XML (compresses ~1000:1)."""
    good = io.BytesIO()
    Workbook().save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w", force_zip64=True) as sheet:
                    sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                b"<sheetData>")
                    block = b"<row><c><v>1</v></c></row>" * 40_000
                    for _ in range(sheet_bytes // len(block)):
                        sheet.write(block)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(item, src.read(item))
    return out.getvalue()


def test_a_decompression_bomb_is_refused_before_parsing() -> None:
    data = _bomb(300 * 2**20)
    assert len(data) < 2 * 2**20
    started = time.perf_counter()
    with pytest.raises(StatementFileError, match=r"bomb.xlsx: sheet sheet1.xml unpacks to 300 MB"):
        parse_statement_bytes(data, "bomb.xlsx")
    assert time.perf_counter() - started < 20  # refused while counting, never parsed


def test_a_workbook_above_the_total_bound_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statements, "MAX_XLSX_BYTES", 4 * 2**20)
    with pytest.raises(StatementFileError, match="unpacks to 6 MB; at most 4 MB of sheets"):
        parse_statement_bytes(_bomb(6 * 2**20), "big.xlsx")


def test_a_million_bad_rows_answer_small_and_are_counted(api, login) -> None:
    content = (HEADER + "\n" + "x,,,,1\n" * 1_000_000).encode()  # 7 MB: each row lacks its accounts
    analyst = login("analyst")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r = api.post("/statements/upload", headers=analyst, files={"file": ("million.csv", content, "text/csv")})
    assert r.status_code == 202, r.text  # a file this size is imported as a background job
    assert len(r.content) < 2_000
    job = _wait_for(api, analyst, r.json()["job_id"])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert job["state"] == "done" and len(job["errors"]) == MAX_ERRORS
    assert job["errors"][0] == {"file": "million.csv", "line": 2, "reason": "from_account: missing"}
    assert job["errors_omitted"] == 1_000_000 - MAX_ERRORS and job["rows_total"] == 1_000_000
    assert job["result"]["rows_bad"] == 1_000_000 and job["result"]["errors_omitted"] == 999_900
    answer = api.get(f"/jobs/{r.json()['job_id']}", headers=analyst)
    assert len(answer.content) < 40_000
    assert grown_mb < 300, f"importing a million bad rows grew memory by {grown_mb:.0f} MB"


def _wait_for(api, headers, job_id):  # type: ignore[no-untyped-def]
    for _ in range(900):
        job = api.get(f"/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_more_rows_than_an_import_takes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statements, "MAX_ROWS", 10)
    content = _csv(*(f"T{i},2024-03-01 10:00,{CARD},6200000000000009,1" for i in range(11)))
    with pytest.raises(StatementFileError, match="more than 10 rows"):
        parse_statement_bytes(content, "long.csv")
    assert len(parse_statement_bytes(content.rsplit(b"\n", 2)[0] + b"\n", "ok.csv").transfers) == 10
