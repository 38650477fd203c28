"""A call-taker files a report; its suspect cards and phones are dispatched in the same transaction."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from antifraud.core.audit import AuditEntry
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch.models import DispatchRequest
from tests.factories import card_of, case_payload, resident_id


def test_report_gets_case_number_enrichment_and_requests(api, login) -> None:
    headers = login("call_taker")
    payload = case_payload()
    r = api.post("/cases", headers=headers, json=payload)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["case_no"].startswith("JH") and len(case["case_no"]) == 16
    assert case["jurisdiction"] == "JH-330782"  # victim's ID is from Yiwu
    assert case["victim"]["age"] is not None and case["victim"]["sex"] == "M"
    card = next(i for i in case["identifiers"] if i["kind"] == "bank_card")
    assert card["bank_code"] == "ICBC" and card["routing"] == "routed"
    phone = next(i for i in case["identifiers"] if i["kind"] == "phone")
    assert phone["value"] == "+8613957912345" and phone["carrier_code"] == "CMCC"
    assert phone["province"] == "浙江"
    kinds = {(q["kind"], q["target_org"]) for q in case["requests"]}
    assert kinds == {("stop_payment", "ICBC"), ("block_number", "CMCC")}
    stop = next(q for q in case["requests"] if q["kind"] == "stop_payment")
    assert stop["status"] == "pending"


def test_stop_payment_due_time_follows_the_sla(api, login) -> None:
    before = now()
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    from datetime import datetime

    stop = next(q for q in case["requests"] if q["kind"] == "stop_payment")
    due = datetime.fromisoformat(stop["due_at"])
    assert timedelta(seconds=59) <= due - before <= timedelta(seconds=75)


def test_unknown_issuer_goes_to_unroutable_list_not_lost(api, login) -> None:
    headers = login("call_taker")
    # a valid Luhn number whose BIN belongs to no bank in the table
    body = "999999000000000"
    from antifraud.identifiers import luhn_check_digit

    odd_card = body + luhn_check_digit(body)
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": odd_card}])
    case = api.post("/cases", headers=headers, json=payload).json()
    assert case["requests"] == []
    assert {i["routing"] for i in case["identifiers"]} == {"unroutable"}
    listed = api.get("/unroutable", headers=headers).json()
    assert odd_card in {u["value"] for u in listed}
    ident = next(u for u in listed if u["value"] == odd_card)
    routed = api.post(f"/identifiers/{ident['identifier_id']}/route", headers=headers, json={"org": "BOC"})
    assert routed.status_code == 200
    assert any(q["target_org"] == "BOC" for q in routed.json()["requests"])
    assert odd_card not in {u["value"] for u in api.get("/unroutable", headers=headers).json()}


def test_bad_identifiers_name_the_field_and_save_nothing(api, login) -> None:
    headers = login("call_taker")
    with session_scope() as s:
        before = s.scalar(select(func.count()).select_from(DispatchRequest))
    bad_card = card_of("CCB")[:-1] + str((int(card_of("CCB")[-1]) + 1) % 10)
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": card_of("CCB")},
                                        {"kind": "bank_card", "value": "6222021234567890123X"},
                                        {"kind": "phone", "value": "12345"}])
    r = api.post("/cases", headers=headers, json=payload)
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["detail"]}
    assert {"identifiers.1.value", "identifiers.2.value"} <= fields
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(DispatchRequest)) == before
    assert bad_card  # the helper builds distinct numbers


def test_bad_victim_id_and_schema_errors_are_422_with_field(api, login) -> None:
    headers = login("call_taker")
    payload = case_payload()
    good = resident_id()
    payload["victim"]["id_number"] = good[:-1] + ("1" if good[-1] != "1" else "2")
    r = api.post("/cases", headers=headers, json=payload)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "victim.id_number"
    r = api.post("/cases", headers=headers, json=case_payload(fraud_type="aliens", loss_amount="-3"))
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["detail"]}
    assert {"fraud_type", "loss_amount"} <= fields


def test_filing_is_audited(api, login, make_user) -> None:
    username, password, _ = make_user("call_taker")
    case = api.post("/cases", headers=api.as_user(username, password), json=case_payload()).json()
    with session_scope() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "case.create",
                                                  AuditEntry.entity_id == str(case["id"])))
        assert entry is not None and entry.actor_username == username
        creates = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "request.create", AuditEntry.actor_username == username))
    assert creates == 2


def test_victim_cards_are_kept_but_not_dispatched(api, login) -> None:
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": card_of("ABC"), "role": "victim"}])
    case = api.post("/cases", headers=login("call_taker"), json=payload).json()
    assert case["requests"] == [] and case["identifiers"][0]["routing"] == "not_dispatched"


def test_duplicate_identifiers_are_merged(api, login) -> None:
    card = card_of("BOC")
    spaced = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": card},
                                        {"kind": "bank_card", "value": spaced}])
    case = api.post("/cases", headers=login("call_taker"), json=payload).json()
    assert len(case["identifiers"]) == 1 and len(case["requests"]) == 1
