"""A county records arrests and a freeze: the freeze lands in the issuing bank's queue as a dispatch request;
when the bank confirms it, the money frozen shows on the operation and, with gangs taken down and suspects
arrested, in the stats summary the big screen reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from antifraud.core.db import session_scope
from antifraud.operations.models import PackageResult
from antifraud.operations.service import operation_figures
from tests.operations.helpers import file_in, fresh_card, open_operation, package_of


def _summary(api, headers) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = api.get("/stats/summary", headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_results_reach_the_bank_and_the_summary(api, login, make_user) -> None:
    clerk, commander = login("call_taker"), login("commander")
    card, mule = fresh_card(), fresh_card()
    case = file_in(api, clerk, "330726", ("bank_card", card))
    file_in(api, clerk, "330726", ("bank_card", card))
    before = _summary(api, commander)
    op = open_operation(api, commander, clerk, card)
    pkg = package_of(op, "JH-330726")["id"]
    county = login("commander", "JH-330726")
    officer, _, _ = make_user("analyst", "JH-330726")
    api.post(f"/operations/packages/{pkg}/officers", headers=county, json={"usernames": [officer]})
    api.post(f"/operations/packages/{pkg}/start", headers=county)
    at = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    api.post(f"/operations/{op['id']}/takedown", headers=commander, json={"takedown_at": at})

    bad = api.post(f"/operations/packages/{pkg}/results", headers=county,
                   json={"arrested": 1, "freezes": [{"card": "6222", "amount": "10.00"}]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "freezes[0].card"
    r = api.post(f"/operations/packages/{pkg}/results", headers=county, json={
        "arrested": 3, "devices_seized": 7, "note": "统一收网",
        "freezes": [{"card": card, "amount": "50000.00"}, {"card": mule, "amount": "8000.00"}]})
    assert r.status_code == 200, r.text
    assert r.json()["freeze_requested"] == "58000.00" and r.json()["frozen"] == "0.00"
    [result] = r.json()["results"]
    assert len(result["freeze_request_ids"]) == 2

    bank = login("bank_liaison", "ICBC")
    queue = {q["id"]: q for q in api.get("/requests", headers=bank).json()}
    sent = [queue[i] for i in result["freeze_request_ids"]]
    assert {(q["kind"], q["account"], q["requested_amount"]) for q in sent} == {
        ("freeze", card, "50000.00"), ("freeze", mule, "8000.00")}
    case_no = api.get(f"/cases/{case}", headers=clerk).json()["case_no"]
    assert {q["case_no"] for q in sent} <= {case_no, api.get(f"/cases/{case + 1}", headers=clerk).json()["case_no"]}
    done = api.post(f"/requests/{sent[0]['id']}/complete", headers=bank,
                    json={"outcome": "frozen", "balance": "60000.00", "amount": sent[0]["requested_amount"]})
    assert done.status_code == 200, done.text
    api.post(f"/requests/{sent[1]['id']}/complete", headers=bank, json={"outcome": "no_funds", "balance": "0.00"})

    got = api.get(f"/operations/{op['id']}", headers=commander).json()
    assert Decimal(got["frozen"]) == Decimal(sent[0]["requested_amount"])
    assert got["arrested"] == 3 and got["devices_seized"] == 7
    api.post(f"/operations/{op['id']}/taken-down", headers=commander)
    after = _summary(api, commander)
    assert after["gangs_taken_down"] == before["gangs_taken_down"] + 1
    assert after["suspects_arrested"] == before["suspects_arrested"] + 3
    assert after["devices_seized"] == before["devices_seized"] + 7
    assert Decimal(after["money_frozen"]) - Decimal(before["money_frozen"]) == Decimal(sent[0]["requested_amount"])
    with session_scope() as s:  # the summary's figures are the service's, over every result recorded
        figures = operation_figures(s)
        assert figures.suspects_arrested == after["suspects_arrested"]
        assert s.scalar(select(PackageResult.note).where(PackageResult.package_id == pkg)) == "统一收网"
