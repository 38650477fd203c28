"""A refused report names the field and the reason in the user's language, and highlights the field."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.factories import case_payload, resident_id
from tests.pages import sign_in


def test_the_api_keeps_the_english_reason_and_adds_its_key(api, login) -> None:
    bad_id = resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")
    payload = case_payload()
    payload["victim"]["id_number"] = bad_id
    payload["identifiers"] = [{"kind": "bank_card", "value": "6222 0200 0000 0000 002"}]
    answer = api.post("/cases", headers=login("call_taker"), json=payload)
    assert answer.status_code == 422
    body = answer.json()
    problems = {d["field"]: d for d in body["detail"]}
    assert problems["victim.id_number"]["msg"] == "wrong check digit; check for a mistyped digit"
    assert problems["victim.id_number"]["code"] == "ident.rid_check_digit"
    assert problems["identifiers.0.value"]["code"] == "ident.card_luhn"
    assert body["message"]


async def test_the_intake_page_says_it_in_chinese_and_marks_the_field(user: User, make_user) -> None:
    username, password, _ = make_user("call_taker")
    await sign_in(user, username, password)
    await user.should_see("接警录入", retries=50)
    fields = {el.props.get("data-testid"): el for el in user.find(kind=ui.input).elements}
    fields["victim-name"].value = "李四"
    good = resident_id()
    fields["victim-id"].value = good[:-1] + ("0" if good[-1] != "0" else "1")
    fields["loss"].value = "500"
    next(el for el in user.find(kind=ui.select).elements if el.props.get("data-testid") == "fraud-type"
         ).value = "fake_loan"
    user.find(kind=ui.button, content="提交并分派").click()
    await user.should_see("受害人身份证号：校验位错误，请检查是否输错", retries=50)
    assert fields["victim-id"].error == "校验位错误，请检查是否输错"
    assert fields["victim-name"].error is None
    await user.should_not_see("wrong check digit")
