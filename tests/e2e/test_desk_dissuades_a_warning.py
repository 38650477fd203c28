"""The desk in a real browser: a warning arrives live, an officer claims it, records 'dissuaded', and
the big screen's figure moves."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.test_report_to_stop_payment_loop import _figure, _login
from tests.warnings.helpers import fresh_mobile, reported_identifiers, warning_lines

pytestmark = pytest.mark.e2e


def test_warning_to_dissuasion_on_the_screen(server: str, browser, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    officer, officer_pw, _ = make_user("intervention")
    boss, boss_pw, _ = make_user("commander")
    feeder, feeder_pw, _ = make_user("carrier_liaison", "CMCC")
    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()

    screen = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
    _login(screen, server, boss, boss_pw)
    screen.locator("#tile-dissuaded_today").wait_for()
    screen.wait_for_function("document.querySelector('#tile-dissuaded_today').innerText !== '…'")
    before = int(_figure(screen, "dissuaded_today").replace(",", ""))

    desk = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    _login(desk, server, officer, officer_pw)
    desk.get_by_text("预警劝阻工作台").wait_for()

    token = httpx.post(f"{server}/api/v1/token", data={"username": feeder, "password": feeder_pw}).json()
    body = ("\n".join(warning_lines(citizen, phone, card, "E2E" + citizen[-8:])) + "\n").encode()
    out = httpx.post(f"{server}/api/v1/signals", content=body,
                     headers={"Authorization": f"Bearer {token['access_token']}"}).json()
    assert out["warnings_created"] == 1

    row = desk.locator("tr", has_text=citizen)
    row.wait_for(timeout=20000)  # arrives without a reload
    row.click()
    desk.get_by_test_id("desk-claim").click()
    desk.get_by_text("已记录").first.wait_for()
    desk.get_by_test_id("desk-dissuaded").click()
    desk.get_by_text("劝阻成功").last.wait_for()
    desk.screenshot(path=str(tmp_path / "desk.png"))

    screen.wait_for_function(
        "before => parseInt(document.querySelector('#tile-dissuaded_today').innerText.replace(/,/g, '')) > before",
        arg=before, timeout=20000)
    assert int(_figure(screen, "dissuaded_today").replace(",", "")) == before + 1
