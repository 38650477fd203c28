"""An investigator reads one case's timeline: the report, partners' steps, traces, notes and changes, in order."""

from __future__ import annotations

from datetime import datetime

import pytest

from antifraud.cases import history
from antifraud.core.db import session_scope
from tests.factories import case_payload


def test_the_timeline_tells_the_case_in_order_and_in_words(api, login, make_user) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    stop = next(q for q in case["requests"] if q["kind"] == "stop_payment")
    block = next(q for q in case["requests"] if q["kind"] == "block_number")
    bank, carrier = login("bank_liaison", "ICBC"), login("carrier_liaison", "CMCC")
    assert api.post(f"/requests/{stop['id']}/ack", headers=bank).status_code == 200
    assert api.post(f"/requests/{stop['id']}/complete", headers=bank,
                    json={"outcome": "stopped", "balance": "9000", "amount": "8000"}).status_code == 200
    assert api.post(f"/requests/{block['id']}/complete", headers=carrier,
                    json={"outcome": "refused", "note": "号码已销户"}).status_code == 200
    police = login("analyst")
    assert api.post(f"/cases/{case['id']}/trace", headers=police).status_code == 200
    assert api.post(f"/cases/{case['id']}/notes", headers=police, json={"text": "已联系受害人补充材料"}
                    ).status_code == 201
    api.post(f"/cases/{case['id']}/status", headers=police, json={"status": "under_investigation"})

    entries = api.get(f"/cases/{case['id']}/timeline", headers=police).json()
    events = [e["event"] for e in entries if e["event"] != "warning"]  # the victim's earlier warnings, if any
    assert events[0] == "report" and events.index("request_sent") < events.index("request_acknowledged")
    assert events.index("request_acknowledged") < events.index("request_completed") < events.index("trace")
    assert {"request_refused", "note", "status"} <= set(events)
    times = [datetime.fromisoformat(e["at"]) for e in entries]
    assert times == sorted(times)
    words = {e["event"]: e["text"] for e in entries}
    assert words["report"].startswith(f"报案受理：{case['case_no']}，刷单返利，损失 ¥12,800.50")
    assert words["request_completed"] == f"ICBC 已办结止付请求：{stop['account']}，结果：已止付，金额 ¥8,000.00"
    assert words["request_refused"] == f"CMCC 拒绝号码封堵请求：{block['account']}，理由：号码已销户"
    assert words["note"] == "备注：已联系受害人补充材料"
    assert words["status"] == "状态由「已受理」变更为「侦查中」"
    english = {e["event"]: e["text"] for e in api.get(f"/cases/{case['id']}/timeline", headers=police,
                                                      params={"lang": "en"}).json()}
    assert english["status"] == "Status changed from “Filed” to “Under investigation”"
    assert "#" not in " ".join(words.values()) and "{" not in " ".join(english.values())


def test_the_timeline_service_reads_with_the_case_scope(make_user) -> None:
    _, _, taker = make_user("call_taker")
    _, _, other = make_user("commander", "JH-330702")
    from antifraud.cases import service as cases
    from antifraud.cases.schemas import CaseIn
    from antifraud.core.errors import NotFound

    with session_scope() as s:
        case = cases.do_create_case(s, taker, CaseIn.model_validate(case_payload()))
    with session_scope() as s:
        assert "report" in [e.event for e in history.case_timeline(s, taker, case.id)]
        with pytest.raises(NotFound):
            history.case_timeline(s, other, case.id)
