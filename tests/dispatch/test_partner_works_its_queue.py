"""Bank and carrier liaisons see only their own requests, acknowledge and complete them."""

from __future__ import annotations

from tests.factories import case_payload


def _file(api, login) -> dict:
    r = api.post("/cases", headers=login("call_taker"), json=case_payload())
    assert r.status_code == 201, r.text
    return r.json()


def _stop(case: dict) -> dict:
    return next(q for q in case["requests"] if q["kind"] == "stop_payment")


def test_bank_sees_its_request_and_not_the_victim(api, login) -> None:
    case = _file(api, login)
    icbc = login("bank_liaison", "ICBC")
    listed = api.get("/requests?status=pending", headers=icbc).json()
    mine = next(q for q in listed if q["id"] == _stop(case)["id"])
    assert mine["case_no"] == case["case_no"] and mine["target_org"] == "ICBC"
    assert "victim" not in mine and "张三" not in str(mine)
    assert all(q["target_org"] == "ICBC" for q in listed)


def test_other_bank_gets_404_on_read_ack_and_complete(api, login) -> None:
    case = _file(api, login)
    rid = _stop(case)["id"]
    boc = login("bank_liaison", "BOC")
    assert rid not in {q["id"] for q in api.get("/requests?status=all", headers=boc).json()}
    assert api.get(f"/requests/{rid}", headers=boc).status_code == 404
    assert api.post(f"/requests/{rid}/ack", headers=boc).status_code == 404
    body = {"outcome": "stopped", "balance": "10", "amount": "10"}
    assert api.post(f"/requests/{rid}/complete", headers=boc, json=body).status_code == 404
    cmcc = login("carrier_liaison", "CMCC")
    assert api.post(f"/requests/{rid}/ack", headers=cmcc).status_code == 404


def test_acknowledge_then_complete_with_amounts(api, login) -> None:
    case = _file(api, login)
    rid = _stop(case)["id"]
    icbc = login("bank_liaison", "ICBC")
    ack = api.post(f"/requests/{rid}/ack", headers=icbc)
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    assert api.post(f"/requests/{rid}/ack", headers=icbc).status_code == 409
    done = api.post(f"/requests/{rid}/complete", headers=icbc,
                    json={"outcome": "stopped", "balance": "9000.00", "amount": "8800.50", "note": "已止付"})
    assert done.status_code == 200, done.text
    out = done.json()
    assert out["status"] == "completed" and out["amount"] == "8800.50" and out["balance"] == "9000.00"
    again = api.post(f"/requests/{rid}/complete", headers=icbc, json={"outcome": "no_funds"})
    assert again.status_code == 409
    police_view = api.get(f"/cases/{case['id']}", headers=login("analyst")).json()
    assert next(q for q in police_view["requests"] if q["id"] == rid)["outcome"] == "stopped"


def test_answers_are_checked(api, login) -> None:
    case = _file(api, login)
    rid = _stop(case)["id"]
    icbc = login("bank_liaison", "ICBC")
    cases = [
        ({"outcome": "blocked"}, "outcome"),
        ({"outcome": "stopped", "balance": "100"}, "amount"),
        ({"outcome": "frozen", "balance": "100", "amount": "200"}, "amount"),
        ({"outcome": "refused"}, "note"),
        ({"outcome": "stopped", "amount": "-5"}, "amount"),
        ({"outcome": "stopped", "amount": "abc"}, "amount"),
    ]
    for body, field in cases:
        r = api.post(f"/requests/{rid}/complete", headers=icbc, json=body)
        assert r.status_code == 422, (body, r.text)
        assert field in {d["field"] for d in r.json()["detail"]}, (body, r.json())
    ok = api.post(f"/requests/{rid}/complete", headers=icbc,
                  json={"outcome": "refused", "note": "账户非本行开户"})
    assert ok.status_code == 200


def test_carrier_blocks_a_number(api, login) -> None:
    case = _file(api, login)
    block = next(q for q in case["requests"] if q["kind"] == "block_number")
    cmcc = login("carrier_liaison", "CMCC")
    r = api.post(f"/requests/{block['id']}/complete", headers=cmcc, json={"outcome": "blocked", "note": "已关停"})
    assert r.status_code == 200 and r.json()["outcome"] == "blocked"


def test_police_roles_cannot_act_on_requests(api, login) -> None:
    case = _file(api, login)
    rid = _stop(case)["id"]
    for role in ("call_taker", "commander", "admin", "analyst", "intervention", "expert"):
        assert api.post(f"/requests/{rid}/ack", headers=login(role)).status_code == 403


def test_actions_are_audited_with_who_and_when(api, login, make_user) -> None:
    from sqlalchemy import select

    from antifraud.core.audit import AuditEntry
    from antifraud.core.db import session_scope

    case = _file(api, login)
    rid = _stop(case)["id"]
    username, password, _ = make_user("bank_liaison", "ICBC")
    headers = api.as_user(username, password)
    api.post(f"/requests/{rid}/ack", headers=headers)
    api.post(f"/requests/{rid}/complete", headers=headers, json={"outcome": "no_funds", "balance": "0"})
    with session_scope() as s:
        trail = list(s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "request",
                                                        AuditEntry.entity_id == str(rid))
                               .order_by(AuditEntry.id)))
    assert [e.action for e in trail] == ["request.create", "request.acknowledge", "request.complete"]
    assert trail[1].actor_username == username and trail[2].actor_org_code == "ICBC"
    assert trail[2].at >= trail[1].at
