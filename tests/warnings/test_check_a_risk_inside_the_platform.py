"""Signed-in staff find the risk check in their navigation; police see the linked cases by number."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.factories import card_of, case_payload
from tests.pages import sign_in


async def _check(user: User, card: str) -> None:
    value = next(el for el in user.find(kind=ui.input).elements if el.props.get("data-testid") == "risk-value")
    value.value = card
    user.find(kind=ui.button, content="查询").click()


async def test_police_see_the_cases_a_card_is_in(user: User, api, login, make_user) -> None:
    card = card_of("CMB")
    filed = [api.post("/cases", headers=login("call_taker"), json=case_payload(
        identifiers=[{"kind": "bank_card", "value": card}])).json() for _ in range(2)]
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/risk")
    await user.should_see("涉诈风险查询", retries=50)
    await user.should_see("风险查询")  # the navigation entry of the page itself
    await user.should_see("退出")  # inside the platform's frame
    select = next(el for el in user.find(kind=ui.select).elements)
    select.value = "bank_card"
    await _check(user, " ".join(card[i:i + 4] for i in range(0, len(card), 4)))
    await user.should_see("涉及此要素的案件（2 起）", retries=50)
    for case in filed:
        await user.should_see(case["case_no"])


async def test_a_bank_liaison_checks_without_seeing_cases(user: User, api, login, make_user) -> None:
    card = card_of("CMB")
    filed = api.post("/cases", headers=login("call_taker"), json=case_payload(
        identifiers=[{"kind": "bank_card", "value": card}])).json()
    username, password, _ = make_user("bank_liaison", "CMB")
    await sign_in(user, username, password)
    await user.open("/risk")
    await user.should_see("涉诈风险查询", retries=50)
    next(el for el in user.find(kind=ui.select).elements).value = "bank_card"
    await _check(user, card)
    await user.should_see("请勿转账", retries=50)
    await user.should_not_see(filed["case_no"])
    await user.should_not_see("涉及此要素的案件")


async def test_citizens_still_check_without_signing_in(user: User) -> None:
    await user.open("/risk")
    await user.should_see("涉诈风险查询", retries=50)
    await user.should_not_see("退出")
