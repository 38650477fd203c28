"""An analyst imports network logs that name the handset (device column): the cluster's whole gang shows the
gang's SIM box and the number seen only in it; a repair shop's test handset that held the gang's number among
dozens of customers' numbers brings none of them in; logs without the column still come in."""

from __future__ import annotations

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.linking import service
from antifraud.linking.pages import reason_text
from tests.linking.helpers import file, fresh_phone


def _visits(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["visit_id,time,phone,target,kind,ip,device"]
    lines += [f"V-{phone}-{device},2026-11-30T10:00:00+08:00,{phone},{target},domain,,{device}"
              for phone, target, device in rows]
    return ("\n".join(lines) + "\n").encode()


def test_the_sim_box_and_its_hidden_number_join_the_gang_and_the_shop_handset_does_not(api, login) -> None:
    analyst, clerk = login("analyst"), login("call_taker")
    gang, hidden = fresh_phone(), fresh_phone()
    box, shop = f"86{gang[3:]}0001", f"35{gang[3:]}0002"
    customers = [fresh_phone() for _ in range(35)]
    first = file(api, clerk, ("phone", gang))
    file(api, clerk, ("phone", gang))
    site = f"gang-{gang}.top"
    rows = [(gang, site, box), (hidden, site, box)] + [(p, "baidu.com", shop) for p in [gang, *customers]]
    r = api.post("/flows/visits/upload", headers=analyst, files={"file": ("visits.csv", _visits(rows), "text/csv")})
    assert r.status_code == 201 and r.json()["rows_bad"] == 0, r.text
    with session_scope() as s:
        cluster = service.cluster_of_case(s, SYSTEM, first)
    r = api.get(f"/clusters/{cluster}/members", headers=analyst)
    assert r.status_code == 200, r.text
    got = {(m["kind"], m["value"]): m for m in r.json()["members"]}
    assert got[("device", box)]["role"] == "device" and not got[("device", box)]["reported"]
    assert got[("device", box)]["reasons"] == [f"handset of gang number +86{gang}"]
    member = got[("phone", f"+86{hidden}")]
    assert member["role"] == "caller" and member["reasons"] == [f"in the same handset {box} as gang number +86{gang}"]
    assert box in reason_text(member["reasons"][0]) and reason_text(member["reasons"][0]) != member["reasons"][0]
    assert ("device", shop) not in got
    assert not {("phone", f"+86{p}") for p in customers} & set(got)


def test_network_logs_without_the_device_column_still_come_in(api, login) -> None:
    analyst, phone = login("analyst"), fresh_phone()
    text = f"visit_id,time,phone,target,kind,ip\nW-{phone},2026-11-30T10:00:00+08:00,{phone},x-{phone}.top,domain,\n"
    r = api.post("/flows/visits/upload", headers=analyst, files={"file": ("visits.csv", text.encode(), "text/csv")})
    assert r.status_code == 201 and (r.json()["rows_new"], r.json()["rows_bad"]) == (1, 0), r.text
