"""A call taker files a report on the intake page; the bank's queue shows it; partners may not open the page."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from tests.factories import card_of
from tests.pages import fill_intake, sign_in


async def test_partner_cannot_open_intake(user: User, make_user) -> None:
    username, password, _ = make_user("bank_liaison", "BOC")
    await sign_in(user, username, password)
    await user.should_see("BOC 工作台", retries=50)
    await user.open("/intake")
    await user.should_see("无权访问此页面", retries=50)


async def test_intake_form_files_a_case_and_the_bank_queue_shows_it(user: User, make_user) -> None:
    username, password, _ = make_user("call_taker")
    _, _, bank = make_user("bank_liaison", "CCB")
    await sign_in(user, username, password)
    await user.should_see("接警录入", retries=50)
    card = card_of("CCB")
    fill_intake(user, "李四", "3000", card)
    await user.should_see("已立案", retries=50)
    with session_scope() as s:
        queue = dispatch.list_requests(s, bank, "pending")
    assert card in {q.account for q in queue}


async def test_intake_shows_field_errors(user: User, make_user) -> None:
    username, password, _ = make_user("call_taker")
    await sign_in(user, username, password)
    await user.should_see("接警录入", retries=50)
    user.find(kind=ui.button, content="提交并分派").click()
    await user.should_see("输入有误", retries=50)
