"""An analyst splits a cluster (the split survives re-linking and new cases), merges two, confirms one."""

from __future__ import annotations

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.linking import service
from tests.linking.helpers import file, fresh_card, fresh_phone


def _cluster(case_id: int) -> int | None:
    with session_scope() as s:
        return service.cluster_of_case(s, SYSTEM, case_id)


def test_a_split_survives_relinking_and_new_cases(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    card, phone = fresh_card(), fresh_phone()
    a = file(api, clerk, ("bank_card", card))
    b = file(api, clerk, ("bank_card", card), ("phone", phone))
    c = file(api, clerk, ("phone", phone))
    cluster = _cluster(a)
    assert _cluster(b) == _cluster(c) == cluster
    r = api.post(f"/clusters/{cluster}/split", headers=analyst, json={"case_ids": [c], "reason": "a resold number"})
    assert r.status_code == 200, r.text
    assert _cluster(a) == _cluster(b) != _cluster(c)
    d = file(api, clerk, ("phone", phone), ("bank_card", card))  # would join both sides
    assert _cluster(d) in {_cluster(a), _cluster(c)} and _cluster(a) != _cluster(c)
    with session_scope() as s:
        service.do_rebuild_links(s, SYSTEM)
    assert _cluster(a) == _cluster(b) != _cluster(c)
    detail = api.get(f"/clusters/{_cluster(a)}", headers=analyst).json()
    assert [k["kind"] for k in detail["constraints"]] == ["cannot_link"]


def test_merge_keeps_clusters_together_and_needs_a_reason(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    a1 = file(api, clerk, ("bank_card", fresh_card()))
    card = fresh_card()
    b1, b2 = file(api, clerk, ("bank_card", card)), file(api, clerk, ("bank_card", card))
    one, two = _cluster(a1), _cluster(b1)
    assert one != two
    r = api.post("/clusters/merge", headers=analyst, json={"cluster_ids": [one, two], "reason": " "})
    assert r.status_code == 422
    r = api.post("/clusters/merge", headers=analyst, json={"cluster_ids": [one, two], "reason": "same script"})
    assert r.status_code == 200, r.text
    assert _cluster(a1) == _cluster(b1) == _cluster(b2) == r.json()["id"]
    with session_scope() as s:
        service.do_rebuild_links(s, SYSTEM)
    assert _cluster(a1) == _cluster(b1)
    r = api.post(f"/clusters/{_cluster(a1)}/confirm", headers=analyst, json={"reason": "confessed"})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"


def test_a_new_case_joining_a_claimed_cluster_notifies_its_analyst(api, login, make_user) -> None:
    clerk = login("call_taker")
    username, password, _ = make_user("analyst")
    analyst = api.as_user(username, password)
    card = fresh_card()
    a = file(api, clerk, ("bank_card", card))
    file(api, clerk, ("bank_card", card))
    cluster = _cluster(a)
    assert api.post(f"/clusters/{cluster}/claim", headers=analyst).status_code == 200
    assert api.get("/clusters/notifications", headers=analyst).json() == []
    c = file(api, clerk, ("bank_card", card))
    notes = api.get("/clusters/notifications", headers=analyst).json()
    assert [(n["cluster_id"], n["case_id"]) for n in notes] == [(cluster, c)]
    other = login("analyst")
    assert api.post(f"/clusters/{cluster}/claim", headers=other).status_code == 409
    assert api.post("/clusters/notifications/read", headers=analyst).json() == {"read": 1}
    assert api.get("/clusters/notifications", headers=analyst).json() == []


def test_link_rebuild_links_every_case_again_from_the_command_line(api, login) -> None:
    from typer.testing import CliRunner

    from antifraud.cli import app

    clerk = login("call_taker")
    card = fresh_card()
    a, b = file(api, clerk, ("bank_card", card)), file(api, clerk, ("bank_card", card))
    result = CliRunner().invoke(app, ["link", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "clusters of two or more" in result.output
    assert _cluster(a) == _cluster(b) is not None


def test_confirming_a_cluster_marks_its_cases_linked_but_not_a_closed_one(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    card = fresh_card()
    a, b, c = (file(api, clerk, ("bank_card", card)) for _ in range(3))
    r = api.post(f"/cases/{c}/status", headers=analyst, json={"status": "closed", "reason": "a duplicate report"})
    assert r.status_code == 200, r.text
    cluster = _cluster(a)
    assert api.post(f"/clusters/{cluster}/confirm", headers=analyst, json={"reason": "one script"}).status_code == 200
    statuses = {i: api.get(f"/cases/{i}", headers=analyst).json() for i in (a, b, c)}
    assert [(statuses[i]["status"], statuses[i]["cluster_ref"]) for i in (a, b, c)] == [
        ("linked", str(cluster)), ("linked", str(cluster)), ("closed", None)]
    timeline = api.get(f"/cases/{a}/timeline", headers=analyst).json()
    assert [e["params"].get("to") for e in timeline if e["event"] == "status"] == ["linked"], timeline
