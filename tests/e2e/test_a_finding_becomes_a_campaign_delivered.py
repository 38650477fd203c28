"""From a finding to people reached, in a real browser: a burst of brushing-rebate reports among young 磐安
residents becomes a finding on the analysis page, an analyst starts a campaign from it, a commander approves
it and sends it to China Mobile, the carrier's liaison reports how many it reached, and the big screen shows
the delivered campaign and its reach."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from typer.testing import CliRunner

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.cli import app
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from antifraud.identifiers import JINHUA_DIVISIONS
from tests.factories import case_payload, resident_id

pytestmark = pytest.mark.e2e

BANDS = {"0-17": 0.15, "18-30": 0.22, "31-45": 0.25, "46-60": 0.22, "61+": 0.16}
BURST = 12  # brushing-rebate reports of 磐安 residents aged 18–30 over the last twelve days
REACH = 36_500
FIGURES = ("running", "delivered_month", "reach_month", "reach_year")


def _seed_the_burst(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The city's residents by county and age band, and the burst of reports, each on its own day."""
    census = tmp_path / "census.csv"
    census.write_text("\n".join(["district_code,age_band,sex,population"] + [
        f"{d.code},{band},{sex},{round(d.population_2020 * share / 2)}" for d in JINHUA_DIVISIONS
        for band, share in BANDS.items() for sex in "MF"]) + "\n", encoding="utf-8")
    imported = CliRunner().invoke(app, ["population", "import", str(census)])
    assert imported.exit_code == 0, imported.output
    today = now().astimezone(LOCAL_TZ).date()
    with session_scope() as session:
        for i in range(BURST):
            at = datetime.combine(today - timedelta(days=i + 1), time(10 + i % 8), LOCAL_TZ)
            victim = {"name": "测试", "district_code": "330727",
                      "id_number": resident_id(division="330727", birth=f"{today.year - 24}0101", seq=f"{i:03d}")}
            data = CaseIn.model_validate(case_payload(victim=victim, fraud_type="brushing_rebate", identifiers=[],
                                                      occurred_at=(at - timedelta(hours=1)).isoformat()))
            do_create_case(session, SYSTEM, data, reported_at=at)


def _login(page, base: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("#login-submit").click()
    page.wait_for_url(lambda url: "/login" not in url, timeout=20000)


def _figures(page) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {key: int(page.locator(f"#prevention-{key}").inner_text().strip().replace(",", "")) for key in FIGURES}


def test_a_finding_becomes_a_campaign_the_carrier_delivers(server: str, browser, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _seed_the_burst(tmp_path)
    analyst, analyst_pw, _ = make_user("analyst")
    boss, boss_pw, _ = make_user("commander")
    liaison, liaison_pw, _ = make_user("carrier_liaison", "CMCC")

    screen = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    _login(screen, server, boss, boss_pw)
    screen.goto(f"{server}/screen")
    screen.wait_for_function("document.querySelector('#prevention-reach_year')?.innerText.match(/^[0-9,]+$/)",
                             timeout=20000)
    before = _figures(screen)

    desk = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(desk, server, analyst, analyst_pw)
    desk.goto(f"{server}/analysis")
    finding = desk.locator(".q-card").filter(has=desk.get_by_test_id("finding").filter(
        has_text=re.compile(r"^磐安县 18–30岁 刷单返利：近14天\d+起")))
    finding.first.wait_for(timeout=30000)
    desk.screenshot(path=str(tmp_path / "finding.png"), full_page=True)
    finding.first.get_by_test_id("finding-campaign").click()
    desk.wait_for_url(re.compile(r".*/campaigns/new\?.*district=330727.*"), timeout=20000)
    desk.get_by_test_id("finding").filter(has_text="磐安县 18–30岁 刷单返利").wait_for()
    desk.get_by_label("承办单位").click()
    desk.get_by_role("option", name="中国移动", exact=True).click()
    desk.screenshot(path=str(tmp_path / "new_campaign.png"), full_page=True)
    desk.get_by_role("button", name="保存草稿").click()
    desk.wait_for_url(re.compile(r".*/campaigns/\d+$"), timeout=20000)
    campaign = int(desk.url.rsplit("/", 1)[1])
    desk.get_by_text("依据研判发现：磐安县 18–30岁 刷单返利").wait_for()
    desk.get_by_role("button", name="提交审批").click()
    desk.get_by_text("待审批", exact=True).first.wait_for(timeout=15000)

    command = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(command, server, boss, boss_pw)
    command.goto(f"{server}/campaigns/{campaign}")
    command.get_by_label("意见 / 备注").fill("同意，请中国移动按画像下发")
    command.get_by_role("button", name="批准").click()
    command.get_by_role("button", name="下发承办单位").click()
    command.get_by_text("已下发", exact=True).first.wait_for(timeout=15000)

    screen.wait_for_function("n => Number(document.querySelector('#prevention-running').innerText.replace(/,/g, ''))"
                             " >= n", arg=before["running"] + 1, timeout=10000)

    carrier = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(carrier, server, liaison, liaison_pw)
    carrier.goto(f"{server}/campaign-work")
    work = carrier.locator(".q-card").filter(has_text=f"#{campaign} ")
    work.wait_for(timeout=15000)
    assert "研判发现" not in work.inner_text() and "测试" not in work.inner_text()  # the minimum, no victim
    work.get_by_label("覆盖人数（条数、份数、人次）").fill(str(REACH))
    work.get_by_role("button", name="提交回报").click()
    carrier.get_by_text(f"{REACH:,}").first.wait_for(timeout=15000)
    carrier.screenshot(path=str(tmp_path / "campaign_work.png"), full_page=True)

    screen.wait_for_function(
        "n => Number(document.querySelector('#prevention-reach_month').innerText.replace(/,/g, '')) >= n",
        arg=before["reach_month"] + REACH, timeout=10000)
    after = _figures(screen)
    assert after["delivered_month"] >= before["delivered_month"] + 1
    assert after["reach_year"] >= before["reach_year"] + REACH
    assert screen.evaluate("document.documentElement.scrollHeight <= window.innerHeight"
                           " && document.documentElement.scrollWidth <= window.innerWidth")
    clipped = screen.evaluate("""[...document.querySelectorAll('[id^=tile-], [id^=desk-], [id^=prevention-]')]
        .filter(el => el.getBoundingClientRect().bottom
                      > el.closest('.wall-panel, .wall-kpi').getBoundingClientRect().bottom + 1)
        .map(el => el.id)""")
    assert clipped == [], f"figures cut off at 1920×1080: {clipped}"
    screen.screenshot(path=str(tmp_path / "screen.png"))

    command.reload()
    command.get_by_text(re.compile(f"{REACH:,}")).first.wait_for(timeout=15000)
