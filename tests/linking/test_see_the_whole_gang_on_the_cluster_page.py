"""An analyst opens a cluster after the call records came in and asks for the whole gang: the number that
called the cluster's victims, reported by nobody, is listed as a caller found in the flows."""

from __future__ import annotations

import asyncio
import random

from nicegui.testing import User

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.linking import service
from tests.factories import case_payload
from tests.linking.helpers import fresh_card, fresh_phone, report
from tests.pages import sign_in


def _calls(api, headers, gang: str, victims: list[str]) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(gang)
    rows = [{"call_id": f"G-{gang}-{i}", "start": "2026-12-01T10:00:00+08:00", "caller": gang, "callee": v,
             "duration_s": 420} for i, v in enumerate(victims)]
    rows += [{"call_id": f"N-{gang}-{i}", "start": "2026-12-01T11:00:00+08:00", "caller": fresh_phone(),
              "callee": fresh_phone(), "duration_s": rng.randrange(10, 900)} for i in range(400)]
    r = api.post("/flows/calls", headers=headers, json={"source": f"test-{gang}", "rows": rows})
    assert r.status_code == 201 and r.json()["rows_bad"] == 0, r.text


async def test_the_cluster_page_lists_the_caller_nobody_reported(user: User, api, login, make_user) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    card, gang = fresh_card(), fresh_phone()
    victims = [fresh_phone() for _ in range(3)]
    ids = []
    for v in victims:
        payload = report(("bank_card", card))
        payload["victim"] = {**case_payload()["victim"], "phone": v}
        payload["occurred_at"] = "2026-12-01T12:00:00+08:00"
        r = api.post("/cases", headers=clerk, json=payload)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    _calls(api, analyst, gang, victims)
    with session_scope() as s:
        cluster = service.cluster_of_case(s, SYSTEM, ids[0])
    members = api.get(f"/clusters/{cluster}/members", headers=analyst).json()["members"]
    found = {m["value"]: m for m in members}
    assert found[f"+86{gang}"]["role"] == "caller" and not found[f"+86{gang}"]["reported"]
    assert found[card]["reported"] and found[card]["role"] == "collector"
    assert not any(f"+86{v}" in found for v in victims)  # victims are never members
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open(f"/clusters/{cluster}")
    await user.should_see("团伙全链条", retries=50)
    user.find(marker="gang-expand").click()
    for _ in range(100):
        tables = list(user.find(marker="gang-members").elements) if _has(user, "gang-members") else []
        if tables:
            break
        await asyncio.sleep(0.05)
    rows = {r["value"]: r for r in next(iter(user.find(marker="gang-members").elements)).rows}
    assert rows[f"+86{gang}"]["reported"] == "扩线发现" and rows[f"+86{gang}"]["role"].startswith("话务员")
    assert rows[card]["reported"] == "报案人提供"
    assert rows[f"+86{gang}"]["reasons"].startswith("与 3 名报案受害人")  # the engine's reason, in the reader's language
    await user.open("/clusters")
    await user.should_see("串并案", retries=50)


def _has(user: User, marker: str) -> bool:
    try:
        return bool(user.find(marker=marker).elements)
    except AssertionError:
        return False
