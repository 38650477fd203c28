"""An analyst brings call and SMS records (话单) and network logs in — by API, file upload and the command line —
and a cluster's page then shows the whole gang: the members nobody reported, each with role, score and reasons;
look-alikes stay out and partners see none of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from antifraud.cli import app
from antifraud.core.audit import AuditEntry
from antifraud.core.db import session_scope
from antifraud.simulation.link_city import generate_link_city, write_link_city
from tests.factories import case_payload
from tests.linking.helpers import fresh_phone

CALLS = "call_id,start,caller,callee,duration_s\n"


def test_call_records_come_in_as_json_rows_bad_rows_named_and_repeats_ignored(api, login) -> None:
    analyst = login("analyst")
    caller, callee = fresh_phone(), fresh_phone()
    source = f"carrier-export-{caller}"
    rows = [{"call_id": f"J-{caller}-1", "start": "2026-11-30T10:00:00+08:00", "caller": caller, "callee": callee,
             "duration_s": 300},
            {"call_id": f"J-{caller}-2", "start": "yesterday", "caller": caller, "callee": callee, "duration_s": 5},
            {"call_id": f"J-{caller}-3", "start": "2026-11-30T11:00:00", "caller": caller, "callee": "",
             "duration_s": 5}]
    r = api.post("/flows/calls", headers=analyst, json={"source": source, "rows": rows})
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["rows_total"], out["rows_new"], out["rows_duplicate"], out["rows_bad"]) == (3, 1, 0, 2)
    assert [(e["line"], e["field"]) for e in out["errors"]] == [(2, "start"), (3, "callee")]
    again = api.post("/flows/calls", headers=analyst, json={"source": source, "rows": rows[:1]}).json()
    assert (again["rows_new"], again["rows_duplicate"]) == (0, 1)
    with session_scope() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "flows.import_calls",
                                                          AuditEntry.entity_id == source)
                                   .order_by(AuditEntry.id)))
    assert len(entries) == 2 and entries[0].details["new"] == 1 and entries[1].details["repeated"] == 1


def test_visits_come_in_as_a_file_and_by_the_command_line(api, login, tmp_path: Path) -> None:
    analyst, bank = login("analyst"), login("bank_liaison", "ICBC")
    phone = fresh_phone()
    text = ("visit_id,time,phone,target,kind,ip\n"
            f"V-{phone}-1,2026-11-30T10:00:00+08:00,{phone},https://m.gang-{phone}.top/login,domain,203.0.113.9\n"
            f"V-{phone}-2,2026-11-30T10:05:00+08:00,{phone},某某理财,app,203.0.113.9\n"
            f"V-{phone}-3,2026-11-30T10:06:00+08:00,{phone},x.top,website,203.0.113.9\n")
    files = {"file": ("visits.csv", text.encode(), "text/csv")}
    r = api.post("/flows/visits/upload", headers=analyst, files=files)
    assert r.status_code == 201, r.text
    assert (r.json()["rows_new"], r.json()["rows_bad"]) == (2, 1)
    assert r.json()["errors"][0] == {"line": 4, "field": "kind", "msg": "must be domain or app"}
    assert api.post("/flows/visits/upload", headers=bank, files=files).status_code == 403
    missing = api.post("/flows/sms/upload", headers=analyst, files={"file": ("sms.csv", b"sms_id,time\n1,2\n", "text/csv")})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "file"
    path = tmp_path / "calls.csv"
    path.write_text(CALLS + f"C-{phone}-1,2026-11-30T10:00:00+08:00,{phone},{fresh_phone()},200\n"
                    f"C-{phone}-2,not a time,{phone},{fresh_phone()},200\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "calls", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 calls records imported" in result.stdout and "calls.csv:3: start" in result.stderr
    result = CliRunner().invoke(app, ["import", "calls", str(path)])
    assert "0 calls records imported, 1 already known" in result.stdout


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("gang-city")
    city = generate_link_city(seed=47, gangs=3, citizens=1500)
    write_link_city(city, out)
    return out, city


def test_the_cluster_shows_the_gang_nobody_reported(api, login, city) -> None:
    folder, sim = city
    analyst, bank, clerk = login("analyst"), login("bank_liaison", "ICBC"), login("call_taker")
    from antifraud.core.auth import SYSTEM
    from antifraud.linking import service

    case_of: dict[str, int] = {}
    for case in sim.cases:
        payload = case_payload(victim={**case_payload()["victim"], "phone": case["victim"]["phone"]},
                               fraud_type=case["fraud_type"], loss_amount=case["loss_amount"],
                               occurred_at=case["occurred_at"],
                               identifiers=[i for i in case["identifiers"] if i["value"] != "95588"])  # intake: too short
        r = api.post("/cases", headers=clerk, json=payload)
        assert r.status_code == 201, r.text
        case_of[case["case_id"]] = r.json()["id"]
    for kind in ("calls", "sms", "visits"):
        r = api.post(f"/flows/{kind}/upload", headers=analyst,
                     files={"file": (f"{kind}.csv", (folder / f"{kind}.csv").read_bytes(), "text/csv")})
        assert r.status_code == 201 and r.json()["rows_bad"] == 0, r.text
    r = api.post("/statements/upload", headers=analyst,
                 files={"file": ("transfers.csv", (folder / "transfers.csv").read_bytes(), "text/csv")})
    assert r.status_code in (201, 202), r.text
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    members = {(m["kind"], m["value"]): m for m in truth["members"]}
    lookalikes = {(m["kind"], m["value"]) for m in truth["lookalikes"]}
    found_right = found_all = unreported_total = unreported_found = roles_right = 0
    for gang in range(3):  # live clusters link by what victims reported: a gang may be in several clusters
        cases = [c for c, g in sim.case_gang.items() if g == gang]
        with session_scope() as s:
            clusters = {service.cluster_of_case(s, SYSTEM, case_of[c]) for c in cases}
        got: dict[tuple[str, str], dict[str, Any]] = {}
        for cluster_id in sorted(clusters):
            r = api.get(f"/clusters/{cluster_id}/members", headers=analyst)
            assert r.status_code == 200, r.text
            assert api.get(f"/clusters/{cluster_id}/members", headers=bank).status_code == 403
            got.update({(m["kind"], m["value"]): m for m in r.json()["members"]})
        assert not (set(got) & lookalikes)  # couriers, relatives abroad, service numbers, merchants
        assert all(m["reasons"] and 0 < m["score"] <= 1 for m in got.values())
        reported = {k for k, m in got.items() if m["reported"]}
        mine = {k for k, m in members.items() if m["gang"] == gang}
        unreported = mine - reported
        found = {k for k, m in got.items() if not m["reported"]}
        found_all += len(found)
        found_right += len(found & mine)
        unreported_total += len(unreported)
        unreported_found += len(found & unreported)
        roles_right += sum(1 for k in found & mine if got[k]["role"] == members[k]["role"])
    assert found_right / found_all >= 0.9  # precision of the members nobody reported
    assert unreported_found / unreported_total >= 0.8
    assert roles_right / found_right >= 0.85
