"""The intervention desk claims a warning, calls, records the outcome; escalation and 'already paid'."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from antifraud.core.db import session_scope
from antifraud.desk.models import VisitTask
from tests.warnings.helpers import fresh_mobile, raise_warning_via_api, reported_identifiers, warning_lines


def test_claim_then_dissuade_records_money_protected(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    claimed = api.post(f"/warnings/{w['id']}/claim", headers=desk)
    assert claimed.status_code == 200 and claimed.json()["status"] == "claimed"
    other = login("intervention")
    assert api.post(f"/warnings/{w['id']}/claim", headers=other).status_code == 409
    done = api.post(f"/warnings/{w['id']}/attempts", headers=desk,
                    json={"result": "dissuaded", "note": "已劝阻，未转账", "money_protected": "30000"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "dissuaded" and Decimal(done.json()["money_protected"]) == Decimal("30000.00")
    assert done.json()["first_contact_at"] is not None
    assert api.post(f"/warnings/{w['id']}/attempts", headers=desk, json={"result": "reached"}).status_code == 409


def test_unreachable_three_times_orders_a_station_visit(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    for n in range(3):
        r = api.post(f"/warnings/{w['id']}/attempts", headers=desk, json={"result": "unreachable"})
        assert r.status_code == 200
    assert r.json()["status"] == "escalated" and r.json()["unreachable_count"] == 3
    with session_scope() as s:
        tasks = list(s.scalars(select(VisitTask).where(VisitTask.warning_id == w["id"])))
    assert len(tasks) == 1 and tasks[0].status == "open" and tasks[0].due_at > tasks[0].created_at


def test_already_paid_files_a_case_and_dispatches(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    r = api.post(f"/warnings/{w['id']}/attempts", headers=desk,
                 json={"result": "already_paid", "loss_amount": "30000", "victim_name": "赵六", "note": "已转3万"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "paid" and r.json()["case_id"]
    case = api.get(f"/cases/{r.json()['case_id']}", headers=login("analyst")).json()
    assert case["fraud_type"] == w["fraud_type"] and Decimal(case["loss_amount"]) == Decimal("30000.00")
    # the receiving card was reported before and its stop-payment is still open: it is held, not asked again
    held = [i for i in case["identifiers"] if i["kind"] == "bank_card" and i["role"] == "suspect"]
    assert held and all(i["routing"] == "held" for i in held), case["identifiers"]
    assert {q["kind"] for q in case["holding_requests"]} == {"stop_payment"}


def test_county_desk_sees_only_its_county_and_partners_see_nothing(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    assert w["desk"] == "JH"
    yiwu = login("intervention", "JH-330782")
    assert w["id"] not in {x["id"] for x in api.get("/warnings?status=all", headers=yiwu).json()}
    assert api.get(f"/warnings/{w['id']}", headers=yiwu).status_code == 404
    assert api.get("/warnings", headers=login("bank_liaison", "ICBC")).status_code == 403
    assert api.post(f"/warnings/{w['id']}/claim", headers=login("commander")).status_code == 403


def test_citizen_of_a_known_county_goes_to_that_county_desk(api, login, make_user) -> None:
    from tests.factories import case_payload, resident_id

    citizen = fresh_mobile()
    payload = case_payload(victim={"name": "钱七", "phone": citizen, "id_number": resident_id("330783")},
                           identifiers=[])
    api.post("/cases", headers=login("call_taker"), json=payload)
    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    api.post("/signals", headers=login("analyst"),
             content=("\n".join(warning_lines(citizen, phone, card, "C" + citizen[-8:])) + "\n").encode())
    dongyang = login("intervention", "JH-330783")
    mine = [x for x in api.get("/warnings", headers=dongyang).json() if x["citizen"] == citizen]
    assert mine and mine[0]["desk"] == "JH-330783" and mine[0]["division_code"] == "330783"


def test_screen_counts_warnings_and_dissuasions(api, login, make_user) -> None:
    boss = login("commander")
    before = api.get("/stats/summary", headers=boss).json()
    w = raise_warning_via_api(api, login, make_user)
    api.post(f"/warnings/{w['id']}/attempts", headers=login("intervention"),
             json={"result": "dissuaded", "money_protected": "1000"})
    after = api.get("/stats/summary", headers=boss).json()
    assert after["warnings_today"] == before["warnings_today"] + 1
    assert after["dissuaded_today"] == before["dissuaded_today"] + 1
    assert Decimal(after["protected_today"]) - Decimal(before["protected_today"]) == Decimal("1000.00")
    assert after["median_first_contact_seconds"] is not None


def test_station_visit_is_listed_and_its_outcome_closes_theraise_warning_via_api(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    api.post(f"/warnings/{w['id']}/escalate", headers=desk)
    visit = next(v for v in api.get("/visits", headers=desk).json() if v["warning_id"] == w["id"])
    r = api.post(f"/visits/{visit['id']}/complete", headers=desk, json={"dissuaded": True, "result": "民警上门劝阻成功"})
    assert r.status_code == 204
    assert api.get(f"/warnings/{w['id']}", headers=desk).json()["status"] == "dissuaded"
    assert api.post(f"/visits/{visit['id']}/complete", headers=desk, json={"dissuaded": True}).status_code == 409


def test_duty_roster(api, login, make_user) -> None:
    from datetime import timedelta

    from antifraud.core.clock import now

    officer, _, _ = make_user("intervention")
    boss = login("commander")
    start, end = now() - timedelta(hours=1), now() + timedelta(hours=7)
    r = api.post("/roster", headers=boss, json={"username": officer, "desk": "JH", "starts_at": start.isoformat(),
                                                 "ends_at": end.isoformat()})
    assert r.status_code == 201
    assert officer in {d["username"] for d in api.get("/roster", headers=login("intervention")).json()}
    bad = api.post("/roster", headers=boss, json={"username": officer, "starts_at": end.isoformat(),
                                                   "ends_at": start.isoformat()})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "ends_at"
    assert api.post("/roster", headers=login("intervention"), json={
        "username": officer, "starts_at": start.isoformat(), "ends_at": end.isoformat()}).status_code == 403


def test_reached_and_not_at_risk_is_closed_with_a_reason(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    api.post(f"/warnings/{w['id']}/attempts", headers=desk, json={"result": "reached", "note": "本人称未转账"})
    assert api.post(f"/warnings/{w['id']}/close", headers=desk, json={"note": ""}).status_code == 422
    closed = api.post(f"/warnings/{w['id']}/close", headers=desk, json={"note": "核实无风险"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert w["id"] not in {x["id"] for x in api.get("/warnings", headers=desk).json()}


def test_a_visit_that_did_not_dissuade_closes_theraise_warning_via_api(api, login, make_user) -> None:
    w = raise_warning_via_api(api, login, make_user)
    desk = login("intervention")
    api.post(f"/warnings/{w['id']}/escalate", headers=desk)
    visit = next(v for v in api.get("/visits", headers=desk).json() if v["warning_id"] == w["id"])
    api.post(f"/visits/{visit['id']}/complete", headers=desk, json={"dissuaded": False, "result": "家中无人"})
    assert api.get(f"/warnings/{w['id']}", headers=desk).json()["status"] == "closed"
