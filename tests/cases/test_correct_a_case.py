"""An officer corrects a victim field, the loss, the narrative or the fraud type; the old value stays visible."""

from __future__ import annotations

from tests.factories import case_payload, resident_id


def test_corrections_keep_the_old_value_on_the_timeline(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("call_taker")
    path = f"/cases/{case['id']}/corrections"
    r = api.post(path, headers=headers, json={"field": "loss_amount", "value": "15,000", "reason": "补充转账"})
    assert r.status_code == 200 and r.json()["loss_amount"] == "15000.00"
    r = api.post(path, headers=headers, json={"field": "fraud_type", "value": "fake_investment"})
    assert r.json()["fraud_type"] == "fake_investment"
    r = api.post(path, headers=headers, json={"field": "victim.id_number", "value": resident_id(birth="19600101")})
    assert r.status_code == 200 and r.json()["victim"]["age"] >= 60
    timeline = api.get(f"/cases/{case['id']}/timeline", headers=headers).json()
    words = [e["text"] for e in timeline if e["event"] == "correct"]
    assert words[0] == "更正「损失金额」：原为「12,800.50」，更正为「15,000.00」，理由：补充转账"
    assert words[1] == "更正「诈骗类型」：原为「刷单返利」，更正为「虚假投资理财」"
    assert case["victim"]["id_number"] in words[2]
    report = next(e["text"] for e in timeline if e["event"] == "report")
    assert "刷单返利，损失 ¥12,800.50" in report  # the report as filed, before the corrections


def test_a_bad_correction_names_the_field_and_changes_nothing(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("call_taker")
    path = f"/cases/{case['id']}/corrections"
    for body in ({"field": "victim.phone", "value": "12345"}, {"field": "loss_amount", "value": "-1"},
                 {"field": "loss_amount", "value": "12800.50"}, {"field": "fraud_type", "value": "aliens"},
                 {"field": "victim.name", "value": ""}):
        r = api.post(path, headers=headers, json=body)
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "value", body
    r = api.post(path, headers=headers, json={"field": "case_no", "value": "X"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "field"
    assert api.get(f"/cases/{case['id']}", headers=headers).json()["loss_amount"] == "12800.50"
    assert api.post(path, headers=login("bank_liaison", "ICBC"), json={"field": "narrative", "value": "x"}
                    ).status_code == 403
