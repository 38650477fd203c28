"""The analysis page: an analyst breaks this year's reports down, opens a group's cases and reads the findings."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from tests.factories import case_payload
from tests.pages import sign_in


async def test_analyst_breaks_reports_down_and_opens_a_groups_cases(user: User, api, login, make_user) -> None:
    filed = api.post("/cases", headers=login("call_taker"), json=case_payload(fraud_type="romance"))
    assert filed.status_code == 201, filed.text
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/analysis")
    await user.should_see("案件研判", retries=50)
    await user.should_see("高危辖区与高危人群", retries=50)
    table = next(iter(user.find(marker="breakdown").elements))
    assert table.rows and all("{" not in row["group"] for row in table.rows)
    assert sum(row["reports"] for row in table.rows) >= 1
    table.run_method("$emit", "drill", table.rows[0])  # what clicking a row's count does
    by = next(iter(user.find(marker="by").elements))
    by.value = "fraud_type"
    user.find(marker="run").click()
    table = next(iter(user.find(marker="breakdown").elements))
    for _ in range(100):  # the new breakdown arrives from a worker thread
        groups = {r["group"]: r for r in table.rows}
        if "网络婚恋交友" in groups:  # the romance report, in Chinese words
            break
        await asyncio.sleep(0.05)
    assert filed.json()["id"] in groups["网络婚恋交友"]["cases"]


async def test_partners_may_not_open_the_analysis_page(user: User, make_user) -> None:
    username, password, _ = make_user("bank_liaison", "ICBC")
    await sign_in(user, username, password)
    await user.open("/analysis")
    await user.should_see("无权访问此页面", retries=50)
