"""An operation goes planned → under way (takedown time set) → taken down → closed, its packages open → in
progress → done; every other move answers 409, and every move is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.operations.helpers import audited, file_in, fresh_card, open_operation, package_of


def _takedown(api, headers, op_id: int, hours: int = 6):  # type: ignore[no-untyped-def]
    at = (datetime.now(UTC) + timedelta(hours=hours)).isoformat()
    return api.post(f"/operations/{op_id}/takedown", headers=headers, json={"takedown_at": at})


def test_an_operation_moves_through_its_states(api, login, make_user) -> None:
    clerk, commander = login("call_taker"), login("commander")
    card = fresh_card()
    file_in(api, clerk, "330783", ("bank_card", card))
    file_in(api, clerk, "330783", ("bank_card", card))
    op = open_operation(api, commander, clerk, card)
    op_id, pkg = op["id"], package_of(op, "JH-330783")["id"]
    county = login("commander", "JH-330783")
    officer, _, _ = make_user("analyst", "JH-330783-02")  # a station of the bureau

    # planned: nothing to take down or close yet; a package cannot start without officers
    assert api.post(f"/operations/{op_id}/taken-down", headers=commander).status_code == 409
    assert api.post(f"/operations/{op_id}/close", headers=commander).status_code == 409
    assert api.post(f"/operations/packages/{pkg}/start", headers=county).status_code == 409
    assert api.post(f"/operations/packages/{pkg}/finish", headers=county).status_code == 409
    r = api.post(f"/operations/packages/{pkg}/officers", headers=county, json={"usernames": [officer]})
    assert r.status_code == 200 and r.json()["officers"] == [officer]
    assert api.post(f"/operations/packages/{pkg}/start", headers=county).json()["status"] == "in_progress"
    assert api.post(f"/operations/packages/{pkg}/start", headers=county).status_code == 409
    # results wait for the takedown time
    r = api.post(f"/operations/packages/{pkg}/results", headers=county, json={"arrested": 2})
    assert r.status_code == 409
    naive = api.post(f"/operations/{op_id}/takedown", headers=commander, json={"takedown_at": "2026-12-31T06:00:00"})
    assert naive.status_code == 422
    r = _takedown(api, commander, op_id)
    assert r.status_code == 200 and r.json()["status"] == "under_way" and r.json()["takedown_at"]
    assert _takedown(api, commander, op_id, 8).status_code == 200  # moved, still under way
    r = api.post(f"/operations/packages/{pkg}/results", headers=county, json={"arrested": 2, "devices_seized": 5})
    assert r.status_code == 200 and r.json()["arrested"] == 2 and r.json()["devices_seized"] == 5
    assert api.post(f"/operations/{op_id}/close", headers=commander).status_code == 409
    assert api.post(f"/operations/{op_id}/taken-down", headers=commander).json()["status"] == "taken_down"
    assert _takedown(api, commander, op_id).status_code == 409
    r = api.post(f"/operations/{op_id}/close", headers=commander)
    assert r.status_code == 409 and "not done" in r.json()["message"]
    assert api.post(f"/operations/packages/{pkg}/finish", headers=county).json()["status"] == "done"
    assert api.post(f"/operations/packages/{pkg}/results", headers=county, json={"arrested": 1}).status_code == 409
    assert api.post(f"/operations/packages/{pkg}/finish", headers=county).status_code == 409
    closed = api.post(f"/operations/{op_id}/close", headers=commander).json()
    assert closed["status"] == "closed" and closed["closed_at"] and closed["arrested"] == 2
    assert api.post(f"/operations/{op_id}/close", headers=commander).status_code == 409
    r = api.post(f"/operations/packages/{pkg}/officers", headers=county, json={"usernames": [officer]})
    assert r.status_code == 409
    # every move is in the audit log
    assert [d["to"] for d in audited("operation.set_takedown", op_id)] == ["under_way", "under_way"]
    assert audited("operation.take_down", op_id) and audited("operation.close", op_id)
    assert audited("package.assign", pkg) and audited("package.start", pkg) and audited("package.finish", pkg)
    assert audited("package.result", pkg)[0]["arrested"] == 2
    # a new operation on the same cluster may be opened once this one is closed
    again = api.post("/operations", headers=commander, json={"cluster_id": op["cluster_id"], "name": "第二次"})
    assert again.status_code == 201


def test_a_package_past_its_sla_is_overdue_until_done(api, login, make_user) -> None:
    from antifraud.core.db import session_scope
    from antifraud.operations.models import WorkPackage
    from antifraud.settings import get_settings

    clerk, commander = login("call_taker"), login("commander")
    card = fresh_card()
    file_in(api, clerk, "330702", ("bank_card", card))
    file_in(api, clerk, "330702", ("bank_card", card))
    op = open_operation(api, commander, clerk, card)
    pkg = package_of(op, "JH-330702")
    opened = datetime.fromisoformat(op["opened_at"])
    hours = get_settings().operation_package_sla_hours
    assert datetime.fromisoformat(pkg["due_at"]) - opened == timedelta(hours=hours)
    assert pkg["overdue"] is False
    with session_scope() as s:  # the SLA ran out (as if opened `hours` ago)
        s.get(WorkPackage, pkg["id"]).due_at = datetime.now(UTC) - timedelta(minutes=1)
    county = login("analyst", "JH-330702")
    assert api.get(f"/operations/packages/{pkg['id']}", headers=county).json()["overdue"] is True
    officer, _, _ = make_user("call_taker", "JH-330702")
    api.post(f"/operations/packages/{pkg['id']}/officers", headers=county, json={"usernames": [officer]})
    api.post(f"/operations/packages/{pkg['id']}/start", headers=county)
    done = api.post(f"/operations/packages/{pkg['id']}/finish", headers=county).json()
    assert done["status"] == "done" and done["overdue"] is False
