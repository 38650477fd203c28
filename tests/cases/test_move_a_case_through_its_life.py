"""An investigator takes a filed case up, solves and closes it; the state machine refuses what it does not allow."""

from __future__ import annotations

import pytest

from antifraud.cases import engine
from antifraud.cases import service as cases
from antifraud.cases.schemas import CaseIn
from antifraud.core.db import session_scope
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.factories import case_payload


def test_the_state_machine_in_one_place() -> None:
    assert engine.allowed("filed", "under_investigation") and not engine.allowed("filed", "solved")
    assert engine.allowed("solved", "closed") and not engine.allowed("closed", "solved")
    assert engine.reason_required("solved", "closed") and engine.reason_required("filed", "transferred")
    assert engine.reason_required("closed", "under_investigation")
    assert not engine.reason_required("filed", "under_investigation")
    assert "linked" not in engine.next_statuses("under_investigation")
    for status, targets in engine.TRANSITIONS.items():
        assert status in engine.STATUSES and targets <= set(engine.STATUSES)


def test_a_case_goes_from_filed_to_closed_with_reasons(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    assert case["status"] == "filed" and case["bureau"] == "JH-330782" and case["assignee"] is None
    headers = login("commander", "JH-330782")
    path = f"/cases/{case['id']}/status"
    r = api.post(path, headers=headers, json={"status": "solved"})
    assert r.status_code == 409 and r.json()["detail"][0]["field"] == "status"
    r = api.post(path, headers=headers, json={"status": "under_investigation"})
    assert r.status_code == 200 and r.json()["status"] == "under_investigation"
    assert api.post(path, headers=headers, json={"status": "solved"}).json()["status"] == "solved"
    r = api.post(path, headers=headers, json={"status": "closed"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "reason"
    r = api.post(path, headers=headers, json={"status": "closed", "reason": "嫌疑人已抓获，赃款已返还"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["next_statuses"] == [
        "under_investigation"]
    assert api.get(f"/cases/{case['id']}", headers=headers).json()["status"] == "closed"  # committed
    listed = api.get("/cases", headers=headers, params={"q": case["case_no"]}).json()
    assert [(c["case_no"], c["status"]) for c in listed] == [(case["case_no"], "closed")]
    r = api.post(path, headers=headers, json={"status": "linked"})
    assert r.status_code == 422  # only case linking sets it
    words = [e["text"] for e in api.get(f"/cases/{case['id']}/timeline", headers=headers).json()]
    assert any("「已破案」变更为「已结案」" in w and "嫌疑人已抓获" in w for w in words)


def test_a_transfer_names_the_bureau_which_then_owns_the_case(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    yiwu, wucheng = login("commander", "JH-330782"), login("commander", "JH-330702")
    path = f"/cases/{case['id']}/status"
    r = api.post(path, headers=yiwu, json={"status": "transferred", "reason": "案发地在婺城"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "bureau"
    r = api.post(path, headers=yiwu, json={"status": "transferred", "reason": "案发地在婺城", "bureau": "ICBC"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "bureau"
    r = api.post(path, headers=yiwu, json={"status": "transferred", "reason": "案发地在婺城",
                                           "bureau": "JH-330702"})
    assert r.status_code == 200 and r.json()["bureau"] == "JH-330702"
    assert api.get(f"/cases/{case['id']}", headers=yiwu).status_code == 404
    r = api.post(path, headers=wucheng, json={"status": "under_investigation"})
    assert r.status_code == 200 and r.json()["status"] == "under_investigation"


def test_case_linking_sets_linked_through_the_cases_service(make_user) -> None:
    _, _, taker = make_user("call_taker")
    _, _, analyst = make_user("analyst")
    with session_scope() as s:
        case = cases.do_create_case(s, taker, CaseIn.model_validate(case_payload()))
    with session_scope() as s:
        linked = cases.do_mark_case_linked(s, analyst, case.id, "CL-0007")
        assert linked.status == "linked" and linked.cluster_ref == "CL-0007"
    with session_scope() as s:
        assert cases.do_change_case_status(s, analyst, case.id, "solved").status == "solved"
    with session_scope() as s, pytest.raises(Conflict):
        cases.do_mark_case_linked(s, analyst, case.id, "CL-0008")


def test_who_may_change_a_status(make_user) -> None:
    _, _, taker = make_user("call_taker")
    _, _, other_county = make_user("analyst", "JH-330702")
    _, _, bank = make_user("bank_liaison", "ICBC")
    _, _, same_county = make_user("analyst", "JH-330782")
    with session_scope() as s:
        case = cases.do_create_case(s, taker, CaseIn.model_validate(case_payload()))
    with session_scope() as s:
        with pytest.raises(Forbidden):
            cases.do_change_case_status(s, taker, case.id, "under_investigation")  # a call-taker files, not manages
        with pytest.raises(Forbidden):
            cases.do_change_case_status(s, bank, case.id, "under_investigation")
        with pytest.raises(NotFound):
            cases.do_change_case_status(s, other_county, case.id, "under_investigation")
        with pytest.raises(ValidationFailed):
            cases.do_change_case_status(s, same_county, case.id, "archived")


def test_partners_and_other_counties_get_403_and_404(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    for path, body in ((f"/cases/{case['id']}/status", {"status": "under_investigation"}),
                       (f"/cases/{case['id']}/assign", {"bureau": "JH-330702"}),
                       (f"/cases/{case['id']}/notes", {"text": "看一眼"})):
        assert api.post(path, headers=login("bank_liaison", "ICBC"), json=body).status_code == 403
        assert api.post(path, headers=login("commander", "JH-330702"), json=body).status_code == 404
    assert api.get(f"/cases/{case['id']}/timeline", headers=login("carrier_liaison", "CMCC")).status_code == 403
    assert api.get(f"/cases/{case['id']}/timeline", headers=login("analyst", "JH-330702")).status_code == 404
