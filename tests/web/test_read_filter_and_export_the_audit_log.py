"""An administrator reads the audit log in words, filters it by user, action, record and day, pages and exports it."""

from __future__ import annotations

import asyncio
import csv
import io

from nicegui.testing import User
from openpyxl import load_workbook

from tests.factories import case_payload
from tests.pages import sign_in


def test_the_api_filters_pages_and_exports(api, login, make_user) -> None:
    taker, password, _ = make_user("call_taker")
    taker_headers = api.as_user(taker, password)
    filed = [api.post("/cases", headers=taker_headers, json=case_payload()).json() for _ in range(3)]
    admin = login("admin")
    mine = {"actor": taker, "action": "case.create"}
    first = api.get("/audit", headers=admin, params={**mine, "limit": 2})
    assert first.status_code == 200, first.text
    assert first.headers["X-Total-Count"] == "3"
    rows = first.json() + api.get("/audit", headers=admin, params={**mine, "limit": 2, "offset": 2}).json()
    assert [r["entity"] for r in rows] == [f"案件 {c['case_no']}" for c in reversed(filed)]
    assert {r["action"] for r in rows} == {"登记案件"}
    by_action_group = api.get("/audit", headers=admin, params={"actor": taker, "action": "case"})
    assert by_action_group.headers["X-Total-Count"] == "3"
    one = api.get("/audit", headers=admin, params={"entity_type": "case", "entity_id": str(filed[0]["id"])})
    assert [r["action_code"] for r in one.json()] == ["case.create"]
    requests = api.get("/audit", headers=admin, params={"actor": taker, "action": "request.create"}).json()
    assert any(r["entity"].startswith("请求 ") and f"（案件 {filed[0]['case_no']}）" in r["entity"] for r in requests)
    reversed_days = api.get("/audit", headers=admin, params={"day_from": "2026-12-02", "day_to": "2026-12-01"})
    assert reversed_days.status_code == 422 and reversed_days.json()["detail"][0]["field"] == "day_from"
    assert api.get("/audit", headers=admin, params={"day_from": "2000-01-01", "day_to": "2000-01-01"}
                   ).headers["X-Total-Count"] == "0"

    as_csv = api.get("/audit/export", headers=admin, params={**mine, "format": "csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["时间", "操作人", "动作"] and len(lines) == 4
    as_xlsx = api.get("/audit/export", headers=admin, params={**mine, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet.max_row == 4 and sheet.cell(2, 3).value == "登记案件"
    assert api.get("/audit", headers=taker_headers).status_code == 403
    english = api.get("/audit", headers={**admin, "Accept-Language": "en-GB,en;q=0.9"}, params=mine).json()
    assert english[0]["action"] == "filed a case" and english[0]["entity"] == f"case {filed[-1]['case_no']}"


async def _until(check) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if check():
            return
        await asyncio.sleep(0.05)


async def test_the_audit_page_reads_in_words_and_filters(user: User, api, make_user) -> None:
    taker, password, _ = make_user("call_taker")
    filed = api.post("/cases", headers=api.as_user(taker, password), json=case_payload()).json()
    username, admin_password, _ = make_user("admin")
    await sign_in(user, username, admin_password)
    await user.open("/audit")
    await user.should_see("审计日志", retries=50)
    table = next(iter(user.find(marker="audit").elements))
    assert table.pagination["rowsNumber"] >= len(table.rows) >= 1
    user.find(marker="audit-actor").type(taker)
    for _ in range(100):
        if table.rows and all(taker in r["actor"] for r in table.rows):
            break
        await asyncio.sleep(0.05)
    assert {r["action"] for r in table.rows} >= {"登记案件", "下发请求"}
    created = next(r for r in table.rows if r["action_code"] == "case.create")
    assert created["entity"] == f"案件 {filed['case_no']}"
    assert "{" not in created["details"] and "诈骗类型" in created["details"]
    action = next(iter(user.find(marker="audit-action").elements))
    action.value = "case.create"
    for _ in range(100):
        if table.pagination["rowsNumber"] == 1:
            break
        await asyncio.sleep(0.05)
    assert [r["action_code"] for r in table.rows] == ["case.create"]
    user.find(marker="audit-export-csv").click()
    await user.should_not_see("错误")
    user.find(content="English").click()  # the rows are made off the event loop, yet read in English
    await user.should_see("Audit log", retries=50)
    table = next(iter(user.find(marker="audit").elements))
    await _until(lambda: any(r["action"] == "filed a case" for r in table.rows))
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in r["action"]) for r in table.rows)
