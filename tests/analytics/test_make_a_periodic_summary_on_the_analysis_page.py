"""The analysis page's periodic summaries: an analyst makes one and downloads it; an expert sees no such section."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from tests.pages import sign_in


async def test_analyst_makes_a_summary_on_the_analysis_page(user: User, make_user) -> None:
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/analysis")
    await user.should_see("定期汇总（周报、月报）", retries=50)
    period = next(iter(user.find(marker="report-period").elements))
    period.value = "2014-W02"
    next(iter(user.find(marker="report-format").elements)).value = "xlsx"
    user.find(marker="report-make").click()
    table = next(iter(user.find(marker="reports").elements))
    for _ in range(200):  # the summary is made in a worker thread
        if any(r["period"] == "2014-W02" for r in table.rows):
            break
        await asyncio.sleep(0.05)
    row = next(r for r in table.rows if r["period"] == "2014-W02")
    assert (row["format"], row["by"], row["origin"]) == ("XLSX", username, "手动生成")
    user.find(marker="reports").trigger("download", args=row)  # what clicking its download link does
    downloaded = await user.download.next(timeout=10)
    assert downloaded.content.startswith(b"PK")  # an XLSX is a zip


async def test_a_bad_period_on_the_page_names_the_field(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open("/analysis")
    await user.should_see("定期汇总（周报、月报）", retries=50)
    next(iter(user.find(marker="report-period").elements)).value = "2026-13"
    user.find(marker="report-make").click()
    await user.should_see("期间：月份 13 不在 01 至 12 之间", retries=100)


async def test_experts_read_the_analysis_but_make_no_summaries(user: User, make_user) -> None:
    username, password, _ = make_user("expert")
    await sign_in(user, username, password)
    await user.open("/analysis")
    await user.should_see("高危辖区与高危人群", retries=50)
    await user.should_not_see("定期汇总（周报、月报）")
