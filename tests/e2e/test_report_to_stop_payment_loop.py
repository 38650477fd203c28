"""The whole loop in a real browser: report filed → bank queue updates live → completed → screen moves."""

from __future__ import annotations

import re

import pytest

from tests.factories import card_of

pytestmark = pytest.mark.e2e


def _login(page, base: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("#login-submit").click()


def _figure(page, key: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"#tile-{key}").inner_text().strip()


def test_call_taker_to_bank_to_big_screen(server: str, browser, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk, clerk_pw, _ = make_user("call_taker")
    banker, banker_pw, _ = make_user("bank_liaison", "PSBC")
    boss, boss_pw, _ = make_user("commander")
    card = card_of("PSBC")

    bank = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    _login(bank, server, banker, banker_pw)
    bank.get_by_text("PSBC 工作台").wait_for()

    screen = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    _login(screen, server, boss, boss_pw)
    screen.locator("#tile-stopped_today").wait_for()
    screen.wait_for_function("document.querySelector('#tile-stopped_today').innerText !== '…'")
    stopped_before = _figure(screen, "stopped_today")

    intake = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(intake, server, clerk, clerk_pw)
    intake.get_by_text("接警录入").first.wait_for()
    intake.get_by_test_id("victim-name").fill("王五")
    intake.get_by_test_id("loss").fill("20000")
    intake.get_by_test_id("fraud-type").click()
    intake.get_by_role("option", name="虚假网络贷款").click()
    intake.locator("[data-identifier-row='0']").fill(card)
    intake.locator("#intake-submit").click()
    intake.locator("#intake-case-no").wait_for(timeout=20000)
    case_text = intake.locator("#intake-case-no").inner_text()
    case_no = re.search(r"JH\d{14}", case_text).group(0)
    intake.screenshot(path=str(tmp_path / "intake.png"))

    # the bank's open queue shows the request without a reload
    row = bank.locator("tr", has_text=card)
    row.wait_for(timeout=15000)
    assert case_no in row.inner_text()
    bank.screenshot(path=str(tmp_path / "queue.png"))
    row.get_by_role("button", name="反馈结果").click()
    bank.get_by_label("查询余额（元）").fill("20000")
    bank.get_by_label("止付/冻结金额（元）").fill("18888.88")
    bank.locator("#complete-save").click()
    bank.get_by_text("已反馈").wait_for()

    screen.wait_for_function(
        "before => document.querySelector('#tile-stopped_today').innerText.trim() !== before",
        arg=stopped_before, timeout=20000)
    after = _figure(screen, "stopped_today").replace(",", "")
    before = stopped_before.replace(",", "")
    assert round(float(after) - float(before), 2) == 18888.88
    screen.screenshot(path=str(tmp_path / "screen.png"))
