"""At the desk the officer sees who the warned citizen is, what happened to them before, and whom they deal with."""

from __future__ import annotations

from decimal import Decimal

from nicegui.testing import User

from antifraud.core.db import session_scope
from antifraud.desk import service as desk
from antifraud.warnings import service
from tests.factories import case_payload, resident_id
from tests.pages import sign_in
from tests.warnings.helpers import fresh_mobile, reported_identifiers, warning_lines


def _warned_citizen_with_a_past(api, login, make_user) -> tuple[str, dict, str, str]:  # type: ignore[no-untyped-def]
    citizen = fresh_mobile()
    earlier = api.post("/cases", headers=login("call_taker"), json=case_payload(
        victim={"name": "郑十一", "phone": citizen, "id_number": resident_id("330783")}, identifiers=[])).json()
    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    api.post("/signals", headers=login("analyst"),
             content=("\n".join(warning_lines(citizen, phone, card, "CX" + citizen[-8:])) + "\n").encode())
    return citizen, earlier, phone, card


def test_the_desk_reads_the_citizens_context(api, login, make_user) -> None:
    citizen, earlier, phone, card = _warned_citizen_with_a_past(api, login, make_user)
    officer = login("intervention")
    w = next(x for x in api.get("/warnings?status=all", headers=officer).json() if x["citizen"] == citizen)
    r = api.get(f"/warnings/{w['id']}/context", headers=officer)
    assert r.status_code == 200, r.text
    c = r.json()
    assert c["name"] == "郑十一" and c["district_code"] == "330783"
    assert [x["case_no"] for x in c["earlier_cases"]] == [earlier["case_no"]]
    by_value = {x["value"]: x for x in c["counterparts"]}
    assert by_value[card]["linked"] and by_value[card]["confidence"] > 0
    assert Decimal(by_value[card]["amount"]) == Decimal(30000) and Decimal(c["money_moving"]) == Decimal(30000)
    assert by_value[phone]["linked"] and by_value[phone]["cases"]  # the case that reported the number
    assert api.get(f"/warnings/{w['id']}/context", headers=login("bank_liaison", "ICBC")).status_code == 403
    assert api.get(f"/warnings/{w['id']}/context", headers=login("intervention", "JH-330782")).status_code == 404


async def test_the_desk_page_shows_the_citizen_and_the_counterparts(user: User, api, login, make_user) -> None:
    citizen, earlier, _phone, card = _warned_citizen_with_a_past(api, login, make_user)
    username, password, officer = make_user("intervention")
    with session_scope() as s:
        w = next(x for x in desk.list_warnings(s, officer, "all") if x.citizen == citizen)
        assert service.warnings_about(s, citizen)[-1].id == w.id
    await sign_in(user, username, password)
    await user.open(f"/desk?warning={w.id}")
    await user.should_see("群众信息与涉案对象", retries=50)
    await user.should_see("姓名：郑十一", retries=20)
    await user.should_see("东阳市", retries=20)
    await user.should_see(earlier["case_no"], retries=20)
    await user.should_see("转出金额 ¥30,000.00", retries=20)
    await user.should_see(f"银行卡 {card}", retries=20)
    await user.should_see("涉诈风险", retries=20)
