"""The citizen has already paid: the desk records who they are and where the money went, and the case stops it at once."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import card_of, case_payload
from tests.warnings.helpers import fresh_mobile, raise_warning_via_api


def test_the_receiving_cards_and_amounts_go_out_as_stop_payments(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    first, second = card_of("ABC"), card_of("BOC")
    r = api.post(f"/warnings/{w['id']}/attempts", headers=login("intervention"),
                 json={"result": "already_paid", "victim_name": "孙八", "note": "转了两笔",
                       "receiving": [{"value": first, "amount": "20000"},
                                     {"kind": "bank_card", "value": second, "amount": "5000.50"}]})
    assert r.status_code == 200, r.text
    case = api.get(f"/cases/{r.json()['case_id']}", headers=login("analyst")).json()
    assert case["victim"]["name"] == "孙八" and case["victim"]["phone"] == w["citizen"]
    assert Decimal(case["loss_amount"]) == Decimal("25000.50")  # the amounts, when no loss was given
    stops = {q["account"]: q for q in case["requests"] if q["kind"] == "stop_payment"}
    assert stops[first]["target_org"] == "ABC" and Decimal(stops[first]["requested_amount"]) == Decimal(20000)
    assert stops[second]["target_org"] == "BOC" and Decimal(stops[second]["requested_amount"]) == Decimal("5000.50")
    assert all(q["status"] == "pending" for q in stops.values())
    timeline = api.get(f"/cases/{case['id']}/timeline", headers=login("analyst")).json()
    events = [e["event"] for e in timeline]
    assert events.index("warning") < events.index("report")  # the warning that led to the case came first
    report = timeline[events.index("report")]
    assert report["text"].startswith("劝阻中群众称已转账，由劝阻台转为案件")
    warned = timeline[events.index("warning")]
    assert warned["text"].startswith(f"预警 {w['warning_no']}：") and "「已被骗·已立案」" in warned["text"]


def test_the_name_comes_from_an_earlier_report_when_the_desk_has_none(api, login, make_user) -> None:
    citizen = fresh_mobile()
    api.post("/cases", headers=login("call_taker"),
             json=case_payload(victim={"name": "周九", "phone": citizen}, identifiers=[]))
    w = raise_warning_via_api(api, login, make_user, citizen=citizen)
    r = api.post(f"/warnings/{w['id']}/attempts", headers=login("intervention"),
                 json={"result": "already_paid", "loss_amount": "800"})
    assert r.status_code == 200, r.text
    assert api.get(f"/cases/{r.json()['case_id']}", headers=login("analyst")).json()["victim"]["name"] == "周九"


def test_a_card_the_desk_mistyped_is_named_and_nothing_is_filed(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    r = api.post(f"/warnings/{w['id']}/attempts", headers=desk,
                 json={"result": "already_paid", "receiving": [{"value": "6222 0000"}]})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "receiving.0.value"
    assert api.get(f"/warnings/{w['id']}", headers=desk).json()["status"] not in ("paid",)
