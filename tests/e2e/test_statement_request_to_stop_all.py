"""In a real browser: a filed case is traced, its card's statement asked for, the bank uploads it in its
queue, the case is traced again to the next tier, stop-all is confirmed, and the case is closed with a reason."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from tests.factories import card_of, case_payload

pytestmark = pytest.mark.e2e


def _login(page, base: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("#login-submit").click()


def test_statement_request_answered_by_the_bank_then_stop_all_and_closure(server: str, browser, make_user,  # type: ignore[no-untyped-def]
                                                              tmp_path) -> None:
    rng = random.Random(4242)
    victim, a, b, c = card_of("ABC", rng), card_of("BOCOM", rng), card_of("CCB", rng), card_of("PSBC", rng)
    t0 = (now() - timedelta(hours=1)).replace(microsecond=0)
    analyst, analyst_pw, analyst_p = make_user("analyst")
    banker, banker_pw, _ = make_user("bank_liaison", "BOCOM")
    _, _, clerk = make_user("call_taker")
    with session_scope() as s:
        case = do_create_case(s, clerk, CaseIn.model_validate(case_payload(
            loss_amount="9000.00", occurred_at=t0.isoformat(),
            identifiers=[{"kind": "bank_card", "value": a},
                         {"kind": "bank_card", "value": victim, "role": "victim"}])))

    desk = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    _login(desk, server, analyst, analyst_pw)
    desk.get_by_text("资金追踪").first.wait_for()
    desk.goto(f"{server}/tracing/{case.id}")
    desk.get_by_test_id("trace-run").click()
    desk.get_by_text("尚无流水的涉案卡（1 张）").wait_for(timeout=15000)
    desk.get_by_text("后续去向未知：流水未到").first.wait_for()
    desk.get_by_test_id("request-statements").click()
    desk.get_by_text("已向银行发出 1 条调单").wait_for(timeout=15000)
    desk.screenshot(path=str(tmp_path / "workbench-asked.png"))

    bank = browser.new_context(viewport={"width": 1500, "height": 900}).new_page()
    _login(bank, server, banker, banker_pw)
    bank.get_by_text("BOCOM 工作台").wait_for()
    row = bank.locator("tr", has_text="调单").filter(has_text=a)
    row.wait_for(timeout=15000)
    assert case.case_no in row.inner_text()
    bank.screenshot(path=str(tmp_path / "queue-statement-request.png"))
    row.get_by_role("button", name="上传流水").click()
    bank.get_by_text(f"调单回复 · {a}").wait_for(timeout=15000)
    statement = tmp_path / "bocom.csv"
    stamp = lambda minutes: f"{t0 + timedelta(minutes=minutes):%Y-%m-%d %H:%M:%S%z}"
    statement.write_text("txn_id,time,from_account,to_account,amount\n"
                         f"E2E-1,{stamp(1)},{victim},{a},9000.00\n"
                         f"E2E-2,{stamp(3)},{a},{b},5000.00\n"
                         f"E2E-3,{stamp(4)},{a},{c},3000.00\n")
    bank.locator("input[type=file]").set_input_files(str(statement))
    bank.get_by_test_id("answer-done").wait_for(timeout=20000)
    bank.screenshot(path=str(tmp_path / "statement-answered.png"))

    desk.goto(f"{server}/tracing/{case.id}")
    desk.get_by_text("涉及 3 张卡").wait_for(timeout=15000)
    desk.get_by_test_id("trace-stop").click()
    desk.get_by_text("将下发 2 条止付，合计 ¥8,000.00").wait_for(timeout=15000)
    desk.screenshot(path=str(tmp_path / "stop-all-confirm.png"))
    desk.get_by_test_id("stop-confirm").click()
    desk.get_by_text("已下发 2 条止付；跳过 1 张").wait_for(timeout=15000)
    desk.get_by_text("跳过的卡及原因").wait_for()
    desk.screenshot(path=str(tmp_path / "stop-all-done.png"))
    with session_scope() as s:
        asked = {r.account for r in dispatch.list_requests(s, analyst_p, "open", case_id=case.id)
                 if r.kind == "stop_payment"}
    assert {b, c} <= asked

    desk.goto(f"{server}/cases/{case.id}")
    desk.get_by_role("button", name="变更状态").click()
    dialog = desk.get_by_role("dialog")
    dialog.get_by_label("新状态").click()
    desk.get_by_role("option", name="已结案").click()
    dialog.get_by_label("理由").fill("涉案资金已全部止付，移送审查起诉")
    dialog.get_by_role("button", name="保存").click()
    desk.get_by_test_id("case-status").filter(has_text="已结案").wait_for(timeout=15000)
    desk.get_by_text("涉案资金已全部止付，移送审查起诉").first.wait_for(timeout=15000)  # the reason, on the timeline
    desk.screenshot(path=str(tmp_path / "case-closed.png"))
