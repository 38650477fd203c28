"""A citizen checks a number on the public risk page without signing in."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.warnings.helpers import reported_identifiers


async def test_risk_page_answers_without_sign_in(user: User, make_user) -> None:
    _, _, clerk = make_user("call_taker")
    phone, _card = reported_identifiers(clerk)
    from antifraud.web.deps import public_risk_limit

    public_risk_limit.reset()
    await user.open("/risk")
    await user.should_see("涉诈风险查询", retries=50)
    user.find(kind=ui.input).type(phone)
    user.find(kind=ui.button, content="查询").click()
    await user.should_see("诈骗案件关联", retries=50)
