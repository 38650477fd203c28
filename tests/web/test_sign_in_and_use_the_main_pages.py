"""Pages through NiceGUI's simulated user: sign-in, intake, partner queue, big screen."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from tests.factories import card_of


async def sign_in(user: User, username: str, password: str, otp: str = "") -> None:
    """Open the login page and post its form as the browser does, then follow the answer."""
    await user.open("/login")
    for marker in ("username", "password", "otp"):
        assert user.find(marker=marker).elements, marker
    answer = await user.http_client.post("/login", data={"username": username, "password": password,
                                                         "otp": otp})
    assert answer.status_code == 303, answer.text
    await user.open(answer.headers["location"])


def fill_intake(user: User, victim: str, loss: str, card: str) -> None:
    """Fill the intake form with a fake-loan report naming one receiving card, then submit it."""
    fields = {el.props.get("data-testid"): el for el in user.find(kind=ui.input).elements}
    fields["victim-name"].value = victim
    fields["loss"].value = loss
    next(el for el in user.find(kind=ui.select).elements if el.props.get("data-testid") == "fraud-type"
         ).value = "fake_loan"
    row_value = next(el for el in user.find(kind=ui.input).elements if "data-identifier-row" in el.props)
    row_value.value = card
    user.find(kind=ui.button, content="提交并分派").click()


@pytest.mark.parametrize(("role", "org", "home"), [
    ("call_taker", "JH", "接警录入"), ("bank_liaison", "ICBC", "ICBC 工作台"), ("commander", "JH", "实时态势"),
])
async def test_each_role_lands_on_its_work(user: User, make_user, role: str, org: str, home: str) -> None:
    username, password, _ = make_user(role, org)
    await sign_in(user, username, password)
    await user.should_see(home, retries=50)


async def test_wrong_password_is_refused(user: User, make_user) -> None:
    username, _, _ = make_user("analyst")
    await sign_in(user, username, "not-the-password")
    await user.should_see("用户名或密码错误", retries=50)


async def test_pages_require_sign_in(user: User) -> None:
    await user.open("/queue")
    await user.should_see("登录", retries=50)


async def test_partner_cannot_open_intake(user: User, make_user) -> None:
    username, password, _ = make_user("bank_liaison", "BOC")
    await sign_in(user, username, password)
    await user.should_see("BOC 工作台", retries=50)
    await user.open("/intake")
    await user.should_see("无权访问此页面", retries=50)


async def test_english_switch(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("实时态势", retries=50)
    user.find(kind=ui.button, content="English").click()
    await user.should_see("Reports today", retries=50)


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


async def test_tables_speak_the_users_language(user: User, make_user) -> None:
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/cases")
    await user.should_see("案件", retries=50)
    [table] = user.find(kind=ui.table).elements
    assert table.props["rows-per-page-label"] == "每页行数"
    user.find(kind=ui.button, content="English").click()
    await user.open("/cases")
    await user.should_see("Cases", retries=50)
    [table] = user.find(kind=ui.table).elements
    assert table.props["rows-per-page-label"] == "Rows per page" and table.props["no-data-label"] == "No data"
