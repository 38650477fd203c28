"""A bank liaison acknowledges several requests at once, downloads the day's work and reads its own SLA."""

from __future__ import annotations

import io
import random

from openpyxl import load_workbook

from tests.factories import card_of, case_payload

_rng = random.Random(5150)


def _file(api, login, card: str, name: str = "张三") -> dict:  # type: ignore[no-untyped-def]
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": card}])
    payload["victim"]["name"] = name
    r = api.post("/cases", headers=login("call_taker"), json=payload)
    assert r.status_code == 201, r.text
    return next(q for q in r.json()["requests"] if q["kind"] == "stop_payment")


def test_bulk_acknowledge_says_what_it_skipped(api, login) -> None:
    first, second = _file(api, login, card_of("CMB", _rng)), _file(api, login, card_of("CMB", _rng))
    other = _file(api, login, card_of("BOC", _rng))
    cmb = login("bank_liaison", "CMB")
    assert api.post(f"/requests/{second['id']}/ack", headers=cmb).status_code == 200
    r = api.post("/requests/ack", headers=cmb, json={"ids": [first["id"], second["id"], other["id"]]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["acknowledged"] == [first["id"]]
    assert {s["id"]: s["reason"] for s in out["skipped"]} == {second["id"]: "already acknowledged",
                                                             other["id"]: "not found"}
    assert api.get(f"/requests/{first['id']}", headers=cmb).json()["status"] == "acknowledged"
    assert api.post("/requests/ack", headers=cmb, json={"ids": []}).status_code == 422
    assert api.post("/requests/ack", headers=login("analyst"), json={"ids": [first["id"]]}).status_code == 403


def test_the_queue_shows_context_without_the_victim(api, login) -> None:
    req = _file(api, login, card_of("BOCOM", _rng), name="李四")
    bocom = login("bank_liaison", "BOCOM")
    mine = api.get(f"/requests/{req['id']}", headers=bocom).json()
    assert mine["fraud_type"] == "brushing_rebate" and mine["transfer_at"] is not None
    assert mine["case_loss"] == "12800.50"  # the amount to stop when the request names none
    assert mine["case_no"] and mine["due_at"]
    assert "李四" not in str(mine) and "13857901234" not in str(mine)


def test_the_days_work_as_xlsx_with_formula_safe_cells(api, login, make_user) -> None:
    from antifraud.core.db import session_scope
    from antifraud.dispatch import service as dispatch
    from antifraud.dispatch.schemas import CompleteIn

    req = _file(api, login, card_of("ABC", _rng))
    username, password, abc = make_user("bank_liaison", "ABC")
    with session_scope() as s:
        dispatch.do_complete(s, abc, req["id"], CompleteIn(outcome="refused", note="=HYPERLINK(\"x\")"))
    r = api.get("/requests/day.xlsx", headers=api.as_user(username, password))
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] == req["case_no"]]
    assert len(rows) == 1
    row = rows[0]
    assert row[1] == "stop_payment" and row[2] == "brushing_rebate" and row[15] == "refused"
    assert row[18] == "'=HYPERLINK(\"x\")"  # a note a liaison typed never runs as a formula
    assert sheet.cell(row=3, column=1).data_type == "s"


def test_own_sla_figures(api, login, make_user) -> None:
    from antifraud.core.db import session_scope
    from antifraud.dispatch import service as dispatch
    from antifraud.dispatch.schemas import CompleteIn

    username, password, psbc = make_user("bank_liaison", "PSBC")
    before = api.get("/requests/figures", headers=api.as_user(username, password))
    assert before.status_code == 200, before.text
    base = before.json()
    on_time, late = _file(api, login, card_of("PSBC", _rng)), _file(api, login, card_of("PSBC", _rng))
    _file(api, login, card_of("PSBC", _rng))
    from datetime import datetime, timedelta

    with session_scope() as s:
        dispatch.do_complete(s, psbc, on_time["id"], CompleteIn(outcome="no_funds"))
        created = datetime.fromisoformat(late["created_at"])
        dispatch.do_complete(s, psbc, late["id"], CompleteIn(outcome="no_funds"), at=created + timedelta(hours=1))
    out = api.get("/requests/figures", headers=api.as_user(username, password)).json()
    assert out["org"] == "PSBC"
    assert out["completed_on_time"] == base["completed_on_time"] + 1
    assert out["completed_late"] == base["completed_late"] + 1
    assert out["open"] == base["open"] + 1
    assert out["median_complete_seconds"] is not None
    assert api.get("/requests/figures", headers=login("analyst")).status_code == 403
