"""The desk page: the queue shows a new warning; the officer claims it and records the outcome."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from antifraud.core.db import session_scope
from antifraud.desk import service as desk
from antifraud.warnings import service
from tests.pages import sign_in
from tests.warnings.helpers import fresh_mobile, reported_identifiers, warning_lines


async def test_officer_claims_and_dissuades_from_the_desk(user: User, make_user) -> None:
    username, password, officer = make_user("intervention")
    _, _, clerk = make_user("call_taker")
    _, _, analyst = make_user("analyst")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()
    with session_scope() as s:
        service.do_ingest_signals(s, analyst, warning_lines(citizen, phone, card, "PG" + citizen[-8:]), "page-test")
    with session_scope() as s:
        w = next(x for x in desk.list_warnings(s, officer, "open") if x.citizen == citizen)
    await sign_in(user, username, password)
    await user.should_see("预警劝阻工作台", retries=50)
    tables = list(user.find(kind=ui.table).elements)
    assert any(row["citizen"] == citizen for t in tables for row in t.rows)  # in the live queue
    await user.open(f"/desk?warning={w.id}")
    await user.should_see("劝阻话术", retries=50)
    await user.should_see("公检法机关不会通过电话办案", retries=20)  # the script for its fraud type
    assert "indicator_call_long" in w.reasons  # a 25-minute call with a reported number
    await user.should_see("与涉案号码通话超过2分钟", retries=20)  # its reason, the threshold filled in
    await user.should_see("向涉案银行卡转账", retries=20)
    reasons = [el.text for el in user.find(kind=ui.label, marker="desk-reason").elements]
    assert len(reasons) == len(w.reasons) and not any("{" in r or "}" in r for r in reasons), reasons
    user.find(kind=ui.button, content="领取").click()
    await user.should_see("已记录", retries=50)
    user.find(kind=ui.button, content="劝阻成功").click()
    for _ in range(100):  # the click is handled off the event loop
        with session_scope() as s:
            status = desk.get_warning(s, officer, w.id).status
        if status == "dissuaded":
            break
        await asyncio.sleep(0.05)
    assert status == "dissuaded"
    await user.should_not_see("领取", retries=50)
