"""A gang's work from report to takedown in a real browser: two reports naming one card are filed at intake,
the cluster appears, the center's commander opens an operation on it and sets the takedown time, the county
bureau records an arrest on its package, and the big screen's arrests figure moves."""

from __future__ import annotations

import re

import pytest

from tests.factories import card_of, resident_id

pytestmark = pytest.mark.e2e


def _login(page, base: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("#login-submit").click()


def _file(page, base: str, victim: str, id_number: str, card: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/intake")
    page.get_by_test_id("victim-name").fill(victim)
    page.get_by_test_id("victim-id").fill(id_number)
    page.get_by_test_id("loss").fill("30000")
    page.get_by_test_id("fraud-type").click()
    page.get_by_role("option", name="虚假网络贷款").click()
    page.locator("[data-identifier-row='0']").fill(card)
    page.locator("#intake-submit").click()
    page.locator("#intake-case-no").wait_for(timeout=20000)
    return re.search(r"JH\d{14}", page.locator("#intake-case-no").inner_text()).group(0)


def _arrested(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator("#tile-suspects_arrested").inner_text().strip().replace(",", ""))


def test_two_reports_to_a_takedown(server: str, browser, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk, clerk_pw, _ = make_user("call_taker")
    boss, boss_pw, _ = make_user("commander")
    county, county_pw, _ = make_user("commander", "JH-330784")
    card = card_of("ABC")

    intake = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(intake, server, clerk, clerk_pw)
    intake.get_by_text("接警录入").first.wait_for()
    _file(intake, server, "赵六", resident_id("330784", "19620304", "215"), card)
    _file(intake, server, "钱七", resident_id("330784", "19580911", "326"), card)

    screen = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
    _login(screen, server, boss, boss_pw)
    screen.locator("#tile-suspects_arrested").wait_for()
    screen.wait_for_function("document.querySelector('#tile-suspects_arrested').innerText !== '…'")
    before = _arrested(screen)

    command = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(command, server, boss, boss_pw)
    command.goto(f"{server}/clusters")
    search = command.get_by_label("搜索案件编号、要素或串并案编号")
    search.fill(card)
    search.press("Enter")
    link = command.locator("a[href^='/clusters/']").first
    link.wait_for(timeout=15000)
    cluster = link.inner_text().strip()
    command.goto(f"{server}/operations")
    command.get_by_test_id("op-cluster").fill(cluster)
    command.get_by_test_id("op-name").fill("永康收网")
    command.get_by_test_id("op-open").click()
    command.wait_for_url(re.compile(r".*/operations/\d+$"), timeout=20000)
    operation = command.url.rsplit("/", 1)[1]
    command.get_by_text("承办单位 JH-330784").first.wait_for()
    command.get_by_test_id("takedown-at").fill("2030-01-15 06:00")
    command.get_by_test_id("set-takedown").click()
    command.get_by_text("统一收网时间：2030-01-15 06:00").wait_for(timeout=15000)
    command.screenshot(path=str(tmp_path / "operation.png"))

    bureau = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    _login(bureau, server, county, county_pw)
    bureau.goto(f"{server}/operations/{operation}")
    bureau.get_by_test_id("officers-JH-330784").fill(county)
    bureau.get_by_test_id("assign-JH-330784").click()
    bureau.get_by_test_id("start-JH-330784").click()
    bureau.get_by_test_id("arrested-JH-330784").fill("2")
    bureau.get_by_test_id("record-JH-330784").click()
    bureau.get_by_text("抓获 2 人").first.wait_for(timeout=15000)
    bureau.screenshot(path=str(tmp_path / "package.png"))

    screen.wait_for_function(
        "before => Number(document.querySelector('#tile-suspects_arrested').innerText.replace(/,/g, '')) >= before + 2",
        arg=before, timeout=20000)
    assert _arrested(screen) - before >= 2  # other tests' operations may add theirs meanwhile
    screen.screenshot(path=str(tmp_path / "screen.png"))
