"""On the desk page the officer records that the citizen already paid, with their name and the receiving cards."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from antifraud.cases import service as cases
from antifraud.core.db import session_scope
from antifraud.desk import service as desk
from antifraud.warnings import service
from tests.factories import card_of
from tests.pages import sign_in
from tests.warnings.helpers import fresh_mobile, reported_identifiers, warning_lines


async def test_already_paid_with_receiving_cards_files_the_case(user: User, make_user) -> None:
    username, password, officer = make_user("intervention")
    _, _, clerk = make_user("call_taker")
    _, _, analyst = make_user("analyst")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()
    with session_scope() as s:
        service.do_ingest_signals(s, analyst, warning_lines(citizen, phone, card, "AP" + citizen[-8:]), "page-test")
    with session_scope() as s:
        w = next(x for x in desk.list_warnings(s, officer, "open") if x.citizen == citizen)
    await sign_in(user, username, password)
    await user.open(f"/desk?warning={w.id}")
    await user.should_see("劝阻话术", retries=50)
    receiving = card_of("CCB")
    next(iter(user.find(marker="desk-victim-name").elements)).value = "吴十"
    next(iter(user.find(marker="receiving-value").elements)).value = receiving
    next(iter(user.find(marker="receiving-amount").elements)).value = "6,600"
    user.find(kind=ui.button, content="已转账（转立案）").click()
    for _ in range(100):  # the click is handled off the event loop
        with session_scope() as s:
            found = desk.get_warning(s, officer, w.id)
        if found.case_id:
            break
        await asyncio.sleep(0.05)
    assert found.status == "paid" and found.case_id
    await user.should_see("已被骗·已立案", retries=50)  # the page has redrawn: nothing of it is still running
    with session_scope() as s:
        case = cases.get_case(s, analyst, found.case_id)
    assert case.victim["name"] == "吴十"
    stop = next(q for q in case.requests if q.account == receiving)
    assert stop.kind == "stop_payment" and str(stop.requested_amount) == "6600.00"
