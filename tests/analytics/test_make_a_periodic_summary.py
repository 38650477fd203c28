"""An analyst makes the periodic summary (定期汇总) of a month or an ISO week, as PDF or XLSX, and downloads it."""

from __future__ import annotations

import io
import re
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from antifraud.analytics import reports
from antifraud.analytics import service as analytics
from antifraud.analytics.cjk_font import NOTO_CJK
from antifraud.analytics.periods import parse_period, previous, year_before
from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.cli import app
from antifraud.core.audit import AuditEntry
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ
from antifraud.core.db import session_scope
from antifraud.core.errors import ValidationFailed
from tests.factories import case_payload, resident_id

# Reports far from every other test's: November 2016, the month before, and November 2015.
# (reported, fraud_type, loss, birth, seq → sex)
NOVEMBER_2016 = [
    ("2016-11-02 10:00", "brushing_rebate", "1000.00", "19900101", "131"),  # week 44
    ("2016-11-08 20:00", "fake_investment", "50000.00", "19600505", "142"),  # week 45
    ("2016-11-14 09:00", "brushing_rebate", "2000.50", "19950303", "151"),  # week 46
    ("2016-11-16 23:30", "impersonate_authority", "300000.00", "19480808", "162"),  # week 46
    ("2016-11-20 12:00", "brushing_rebate", "800.00", "20000909", "171"),  # week 46
]
OCTOBER_2016 = [("2016-10-10 10:00", "fake_investment", "9000.00", "19700101", "181"),
                ("2016-10-20 10:00", "brushing_rebate", "500.00", "19880101", "192")]
NOVEMBER_2015 = [("2015-11-12 10:00", "brushing_rebate", "700.00", "19850101", "111")]  # 2015-W46


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def filed(database_url: str) -> None:
    """The reports of the three periods, filed through intake."""
    with session_scope() as session:
        for reported, fraud_type, loss, birth, seq in NOVEMBER_2016 + OCTOBER_2016 + NOVEMBER_2015:
            victim = {"name": "测试", "occupation": "ecommerce", "education": "bachelor",
                      "id_number": resident_id(division="330782", birth=birth, seq=seq), "district_code": "330782"}
            at = _local(reported)
            data = CaseIn.model_validate(case_payload(victim=victim, fraud_type=fraud_type, loss_amount=loss,
                                                      occurred_at=at.replace(hour=at.hour - 1).isoformat(),
                                                      identifiers=[]))
            do_create_case(session, SYSTEM, data, reported_at=at)


def _breakdown_total(period_text: str) -> tuple[int, Decimal]:
    period = parse_period(period_text)
    with session_scope() as session:
        rows = analytics.breakdown(session, SYSTEM, "fraud_type", None, period.start, period.end).rows
    return sum(r.reports for r in rows), sum((r.loss for r in rows), Decimal(0))


def _run(*args: str) -> object:
    return CliRunner().invoke(app, ["report", *args])


def test_the_command_writes_a_months_summary_as_pdf(filed: None, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = _run("--period", "2016-11", "--out", str(out))
    assert result.exit_code == 0, result.output
    content = out.read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", content)
    assert len(pages) >= 2  # overview and charts, then the breakdowns
    # The Chinese text is set in Noto Sans CJK, embedded (a TrueType subset); without it in STSong-Light.
    if NOTO_CJK.is_file():
        assert b"/FontFile2" in content and b"NotoSansCJK" in content
    else:
        assert b"/STSong-Light" in content and b"/UniGB-UCS2-H" in content
    assert "kept as report" in result.output


def test_the_command_writes_a_months_summary_as_xlsx(filed: None, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = _run("--period", "2016-11", "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    assert wb.sheetnames == ["汇总", "诈骗类型", "年龄段", "性别", "职业", "学历", "县（市、区）", "每日报案", "高危发现"]
    summary = wb["汇总"]
    assert summary["A1"].value == "2016-11 月度电信网络诈骗定期汇总"
    rows = {r[0].value: [c.value for c in r[1:]] for r in summary.iter_rows() if r[0].value}
    count, loss = _breakdown_total("2016-11")
    assert (count, loss) == (5, Decimal("353800.50"))
    # this period, previous, change, a year earlier, change: numbers, not text
    assert rows["报案数"] == [count, 2, pytest.approx(1.5), 1, pytest.approx(4.0)]
    assert rows["损失（元）"][0] == pytest.approx(353800.50) and rows["损失（元）"][1] == pytest.approx(9500.0)
    types = {r[0].value: [c.value for c in r[1:]] for r in wb["诈骗类型"].iter_rows(min_row=2)}
    # reports, loss, rate, interval low, high, lift, previous, change, a year earlier, change
    assert types["刷单返利"][0] == 3 and types["刷单返利"][6] == 1 and types["刷单返利"][8] == 1
    assert sum(r[0] for r in types.values()) == count
    assert [r[1].value for r in wb["每日报案"].iter_rows(min_row=2)][:3] == [0, 1, 0]
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s" and not cell.value.startswith(("=", "+", "-", "@"))


def test_a_weeks_summary_covers_its_iso_week(filed: None, tmp_path: Path) -> None:
    out = tmp_path / "week.xlsx"
    result = _run("--period", "2016-w46", "--out", str(out))
    assert result.exit_code == 0, result.output
    summary = load_workbook(out)["汇总"]
    assert summary["A1"].value == "2016-W46 周电信网络诈骗定期汇总"
    assert summary["A2"].value.startswith("统计区间：2016-11-14 至 2016-11-20")
    rows = {r[0].value: [c.value for c in r[1:]] for r in summary.iter_rows() if r[0].value}
    assert rows["报案数"][0] == _breakdown_total("2016-W46")[0] == 3
    assert rows["报案数"][1] == 1 and rows["报案数"][3] == 1  # W45 of 2016 and W46 of 2015


def test_week_periods_are_iso_weeks() -> None:
    week = parse_period("2026-W47")
    assert (week.kind, week.start, week.end) == ("week", date(2026, 11, 16), date(2026, 11, 22))
    assert parse_period("2021-W01").start == date(2021, 1, 4)  # ISO week 1 holds the year's first Thursday
    assert previous(parse_period("2021-W01")).code == "2020-W53"
    assert year_before(parse_period("2020-W53")).code == "2019-W52"  # 2019 has no week 53
    month = parse_period("2024-02")
    assert (month.start, month.end, previous(month).code, year_before(month).code) == (
        date(2024, 2, 1), date(2024, 2, 29), "2024-01", "2023-02")
    assert previous(parse_period("2026-01")).code == "2025-12"
    assert reports.due_periods(date(2016, 11, 21)) == [parse_period("2016-W46")]  # a Monday
    assert reports.due_periods(date(2016, 12, 1)) == [parse_period("2016-11")]  # a Thursday, the 1st
    assert reports.due_periods(date(2016, 12, 2)) == []


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2021-W53", "2026-W00", "26-11", "2026/11", "", "1999-05"])
def test_a_bad_period_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_period(text)
    assert refused.value.field == "period"


def test_the_command_refuses_a_bad_period_or_file_naming_it(tmp_path: Path) -> None:
    result = _run("--period", "2026-13", "--out", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "period: month 13 is not 01 … 12" in result.output and "Traceback" not in result.output
    result = _run("--period", "2026-11", "--out", str(tmp_path / "r.docx"))
    assert result.exit_code == 2 and "out: must end in .pdf or .xlsx" in result.output
    assert not list(tmp_path.iterdir())


def test_the_api_makes_lists_and_downloads_a_summary(api, login, filed: None) -> None:
    analyst = login("analyst")
    made = api.post("/analytics/reports", headers=analyst, json={"period": "2016-W46", "format": "pdf"})
    assert made.status_code == 201, made.text
    report = made.json()
    assert (report["period"], report["kind"], report["format"], report["origin"]) == ("2016-W46", "week", "pdf",
                                                                                      "on_demand")
    listed = api.get("/analytics/reports", headers=login("commander"))
    assert listed.status_code == 200
    assert report["id"] in [r["id"] for r in listed.json()]
    answer = api.get(f"/analytics/reports/{report['id']}/file", headers=analyst)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'attachment; filename="antifraud-summary-2016-W46.pdf"'
    assert answer.content.startswith(b"%PDF-") and len(answer.content) == report["size"]
    xlsx = api.post("/analytics/reports", headers=login("admin"), json={"period": "2016-11", "format": "xlsx"})
    assert xlsx.status_code == 201
    file = api.get(f"/analytics/reports/{xlsx.json()['id']}/file", headers=analyst)
    assert file.headers["content-type"] == reports.FORMATS["xlsx"]
    assert load_workbook(io.BytesIO(file.content))["汇总"]["A1"].value.startswith("2016-11")
    with session_scope() as session:
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.make",
                                                           AuditEntry.entity_id == str(report["id"]))).one()
        assert audited.details["period"] == "2016-W46" and audited.details["format"] == "pdf"


def test_the_api_names_the_bad_field(api, login) -> None:
    analyst = login("analyst")
    for body, field in (({"period": "2026-W60", "format": "pdf"}, "period"),
                        ({"period": "2026-11", "format": "docx"}, "format")):
        answer = api.post("/analytics/reports", headers=analyst, json=body)
        assert answer.status_code == 422
        assert field in {d["field"].split(".")[-1] for d in answer.json()["detail"]}, answer.text
    assert api.get("/analytics/reports/2147483000/file", headers=analyst).status_code == 404


def test_partners_call_takers_and_experts_may_not_touch_summaries(api, login) -> None:
    for role, org in (("bank_liaison", "ICBC"), ("call_taker", "JH"), ("expert", "JH")):
        headers = login(role, org)
        assert api.get("/analytics/reports", headers=headers).status_code == 403, role
        assert api.get("/analytics/reports/1/file", headers=headers).status_code == 403, role
        made = api.post("/analytics/reports", headers=headers, json={"period": "2016-11", "format": "pdf"})
        assert made.status_code == 403, role


def test_a_county_sees_only_its_own_summaries(api, login, filed: None) -> None:
    county = login("analyst", "JH-330782")
    made = api.post("/analytics/reports", headers=county, json={"period": "2016-10", "format": "xlsx"})
    assert made.status_code == 201
    assert made.json()["org_code"] == "JH-330782"
    city = api.get("/analytics/reports", headers=login("analyst")).json()
    assert made.json()["id"] not in [r["id"] for r in city]
    assert api.get(f"/analytics/reports/{made.json()['id']}/file", headers=login("commander")).status_code == 404
    assert [r["org_code"] for r in api.get("/analytics/reports", headers=county).json()] == ["JH-330782"]


def test_scheduled_summaries_are_made_once_each_monday_and_each_first(engine, filed: None) -> None:
    from antifraud.analytics.models import PeriodicReport
    from antifraud.jobs.service import do_run_pending_jobs, do_run_ticks

    monday = datetime(2016, 11, 21, 2, 0, tzinfo=LOCAL_TZ)
    assert reports.do_queue_due_reports(engine, datetime(2016, 11, 22, 9, 0, tzinfo=LOCAL_TZ)) == 0  # a Tuesday
    assert reports.do_queue_due_reports(engine, monday) == 2  # last week, PDF and XLSX
    do_run_ticks(engine, monday)  # the runner's tick: already queued, so nothing more
    assert reports.do_queue_due_reports(engine, monday) == 0
    do_run_pending_jobs(engine)
    keys = {"2016-W46.pdf", "2016-W46.xlsx"}
    for _ in range(300):  # the runner thread may have taken the jobs; wait for it
        with session_scope() as session:
            made = session.scalars(select(PeriodicReport).where(PeriodicReport.schedule_key.in_(keys))).all()
            if len(made) == 2:
                break
        time.sleep(0.1)
    assert {(r.period, r.format, r.origin, r.created_by, r.org_code) for r in made} == {
        ("2016-W46", "pdf", "scheduled", "system", "JH"), ("2016-W46", "xlsx", "scheduled", "system", "JH")}
    assert reports.do_queue_due_reports(engine, monday) == 0  # made: never again


def test_the_summary_counts_the_periods_own_warnings(filed: None, tmp_path: Path) -> None:
    """Warnings raised inside the month are its figures; one the day after is not."""
    from antifraud.warnings.scoring import Candidate
    from antifraud.warnings.service import do_note_contact, do_raise_warnings

    def warn(phone: str, when: str) -> Candidate:
        at = _local(when)
        return Candidate(citizen=phone, time=at, score=0.9, fraud_type="fake_investment", urgency="high",
                         reasons=["sms_flagged"], signal_ids=[], opened_at=at)

    with session_scope() as s:
        do_raise_warnings(s, [warn("+8613857911101", "2016-11-03 09:00"), warn("+8613857911102", "2016-11-30 23:00"),
                           warn("+8613857911103", "2016-12-01 00:30")], replay=True)
    with session_scope() as s:
        from antifraud.warnings.models import FraudWarning

        first = s.scalars(select(FraudWarning).where(FraudWarning.citizen == "+8613857911101")).one()
        do_note_contact(first, "dissuaded", _local("2016-11-03 09:30"), Decimal("20000.00"))
    out = tmp_path / "warned.xlsx"
    assert _run("--period", "2016-11", "--out", str(out)).exit_code == 0
    rows = {r[0].value: r[1].value for r in load_workbook(out)["汇总"].iter_rows() if r[0].value}
    assert rows["本期预警（本中心发现）"] == 2
    assert rows["劝阻成功"] == 1 and rows["避免损失（元）"] == pytest.approx(20000.0)
