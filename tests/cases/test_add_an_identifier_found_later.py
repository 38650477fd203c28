"""The victim finds another receiving card after filing: it is checked like intake and its stop-payment goes at once."""

from __future__ import annotations

from sqlalchemy import select

from antifraud.core.db import session_scope
from antifraud.dispatch.models import DispatchRequest
from tests.factories import card_of, case_payload


def test_a_card_found_later_is_enriched_and_stopped_at_once(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("call_taker")
    card = card_of("CCB")
    r = api.post(f"/cases/{case['id']}/identifiers", headers=headers,
                 json={"kind": "bank_card", "value": " ".join((card[:6], card[6:])), "amount": "3000"})
    assert r.status_code == 201, r.text
    added = next(i for i in r.json()["identifiers"] if i["value"] == card)
    assert added["bank_code"] == "CCB" and added["routing"] == "routed"
    stop = next(q for q in r.json()["requests"] if q["account"] == card)
    assert stop["kind"] == "stop_payment" and stop["target_org"] == "CCB" and stop["status"] == "pending"
    assert stop["requested_amount"] == "3000.00"
    with session_scope() as s:  # committed before the answer
        assert s.scalar(select(DispatchRequest.id).where(DispatchRequest.account == card)) == stop["id"]
    again = api.post(f"/cases/{case['id']}/identifiers", headers=headers, json={"kind": "bank_card", "value": card})
    assert again.status_code == 409
    words = [e["text"] for e in api.get(f"/cases/{case['id']}/timeline", headers=headers).json()]
    assert any(w.startswith("补充涉案要素：银行卡 " + card) and "3,000.00" in w for w in words)
    assert any(w.startswith("止付请求发往 CCB：" + card) for w in words)


def test_a_bad_number_names_the_field_and_adds_nothing(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("call_taker")
    r = api.post(f"/cases/{case['id']}/identifiers", headers=headers, json={"kind": "phone", "value": "12345"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "value"
    assert len(api.get(f"/cases/{case['id']}", headers=headers).json()["identifiers"]) == len(case["identifiers"])


def test_a_number_found_later_is_blocked(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload(identifiers=[])).json()
    r = api.post(f"/cases/{case['id']}/identifiers", headers=login("analyst"),
                 json={"kind": "phone", "value": "13957900001"})
    assert r.status_code == 201
    assert [(q["kind"], q["target_org"]) for q in r.json()["requests"]] == [("block_number", "CMCC")]


def test_partners_and_other_counties_cannot_add(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    body = {"kind": "bank_card", "value": card_of("ABC")}
    assert api.post(f"/cases/{case['id']}/identifiers", headers=login("bank_liaison", "ABC"), json=body
                    ).status_code == 403
    assert api.post(f"/cases/{case['id']}/identifiers", headers=login("call_taker", "JH-330702"), json=body
                    ).status_code == 404
