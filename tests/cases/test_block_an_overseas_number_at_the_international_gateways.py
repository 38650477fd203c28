"""An overseas number in a report is blocked at every carrier's international gateway (国际关口局), and
routing by hand refuses a partner that cannot take the identifier."""

from __future__ import annotations

from antifraud.core.vocab import GATEWAY_CODES
from tests.factories import case_payload

OVERSEAS = "+63 917 123 4567"


def _file(api, headers, identifiers: list[dict]) -> dict:
    r = api.post("/cases", headers=headers, json=case_payload(identifiers=identifiers))
    assert r.status_code == 201, r.text
    return r.json()


def _unroutable_card() -> str:
    from antifraud.identifiers import luhn_check_digit

    body = "999999000000001"  # a BIN no bank of the table owns
    return body + luhn_check_digit(body)


def test_an_overseas_number_goes_to_every_international_gateway_at_intake(api, login) -> None:
    case = _file(api, login("call_taker"), [{"kind": "phone", "value": OVERSEAS}])
    ident = case["identifiers"][0]
    assert ident["routing"] == "routed" and ident["value"] == "+639171234567"
    sent = {q["target_org"]: q for q in case["requests"]}
    assert set(sent) == set(GATEWAY_CODES)
    assert {q["kind"] for q in sent.values()} == {"block_inbound"}
    assert {q["account"] for q in sent.values()} == {"+639171234567"}


def test_a_gateway_liaison_blocks_the_number_from_its_queue(api, login) -> None:
    case = _file(api, login("call_taker"), [{"kind": "phone", "value": "+44 20 7946 0958"}])
    gateway = login("carrier_liaison", "CUCC-INTL")
    rid = next(q["id"] for q in case["requests"] if q["target_org"] == "CUCC-INTL")
    queue = api.get("/requests?status=pending", headers=gateway).json()
    assert rid in {q["id"] for q in queue} and all(q["target_org"] == "CUCC-INTL" for q in queue)
    assert "victim" not in str(queue[0]) and "张三" not in str(queue)
    money = api.post(f"/requests/{rid}/complete", headers=gateway, json={"outcome": "stopped", "amount": "1"})
    assert money.status_code == 422 and money.json()["detail"][0]["field"] == "outcome"
    done = api.post(f"/requests/{rid}/complete", headers=gateway, json={"outcome": "blocked", "note": "已阻断"})
    assert done.status_code == 200 and done.json()["outcome"] == "blocked"
    # the domestic carrier's liaison does not see the gateway's work
    cmcc = api.get("/requests?status=all", headers=login("carrier_liaison", "CMCC")).json()
    assert rid not in {q["id"] for q in cmcc}


def test_a_mainland_number_still_goes_to_its_own_carrier_only(api, login) -> None:
    case = _file(api, login("call_taker"), [{"kind": "phone", "value": "13957912345"}])
    assert [(q["kind"], q["target_org"]) for q in case["requests"]] == [("block_number", "CMCC")]


def test_routing_by_hand_refuses_a_partner_that_cannot_take_the_identifier(api, login) -> None:
    headers = login("call_taker")
    case = _file(api, headers, [{"kind": "bank_card", "value": _unroutable_card()}])
    card = case["identifiers"][0]
    assert card["routing"] == "unroutable"
    route = f"/identifiers/{card['id']}/route"
    for target in ("CMCC", "CMCC-INTL"):
        r = api.post(route, headers=headers, json={"org": target})
        assert r.status_code == 422, r.text
        detail = r.json()["detail"][0]
        assert detail["field"] == "org" and target in detail["msg"] and "bank card" in detail["msg"]
    assert api.post(route, headers=headers, json={"org": "BOC"}).status_code == 200


def test_an_overseas_number_cannot_be_routed_by_hand_to_a_domestic_carrier(api, login) -> None:
    from sqlalchemy import select, update

    from antifraud.cases.models import CaseIdentifier
    from antifraud.core.db import session_scope

    headers = login("call_taker")
    case = _file(api, headers, [{"kind": "phone", "value": "+63 917 765 4321"}])
    ident_id = case["identifiers"][0]["id"]
    with session_scope() as s:  # as a report filed before the gateways were seeded left it
        s.execute(update(CaseIdentifier).where(CaseIdentifier.id == ident_id)
                  .values(routing="unroutable", routing_reason="overseas number: no domestic carrier"))
    route = f"/identifiers/{ident_id}/route"
    for target, why in (("CMCC", "international gateway"), ("ICBC", "international gateway")):
        r = api.post(route, headers=headers, json={"org": target})
        assert r.status_code == 422, r.text
        detail = r.json()["detail"][0]
        assert detail["field"] == "org" and target in detail["msg"] and why in detail["msg"], detail
    ok = api.post(route, headers=headers, json={"org": "CTCC-INTL"})
    assert ok.status_code == 200, ok.text
    assert any(q["target_org"] == "CTCC-INTL" and q["kind"] == "block_inbound" for q in ok.json()["requests"])
    with session_scope() as s:
        assert s.scalar(select(CaseIdentifier.routing).where(CaseIdentifier.id == ident_id)) == "manual"


def test_a_mainland_number_cannot_be_routed_by_hand_to_a_gateway(api, login) -> None:
    from sqlalchemy import update

    from antifraud.cases.models import CaseIdentifier
    from antifraud.core.db import session_scope

    headers = login("call_taker")
    case = _file(api, headers, [{"kind": "phone", "value": "13957900001"}])
    ident_id = case["identifiers"][0]["id"]
    with session_scope() as s:
        s.execute(update(CaseIdentifier).where(CaseIdentifier.id == ident_id).values(routing="unroutable"))
    r = api.post(f"/identifiers/{ident_id}/route", headers=headers, json={"org": "CMCC-INTL"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "org"
    assert "mainland number" in r.json()["detail"][0]["msg"]
    assert api.post(f"/identifiers/{ident_id}/route", headers=headers, json={"org": "CUCC"}).status_code == 200


def test_only_a_carriers_liaisons_work_a_gateway(make_user) -> None:
    import pytest

    from antifraud.core.errors import ValidationFailed

    make_user("carrier_liaison", "CTCC-INTL")
    with pytest.raises(ValidationFailed) as refused:
        make_user("bank_liaison", "CTCC-INTL")
    assert refused.value.field == "org"
