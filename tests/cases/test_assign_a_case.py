"""A commander assigns a case to an investigator and a bureau; the jurisdiction starts from the victim's district."""

from __future__ import annotations

from tests.factories import case_payload, resident_id


def test_assign_an_investigator_of_the_bureau(api, login, make_user) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    assert case["bureau"] == "JH-330782"  # from the victim's ID number (Yiwu)
    headers = login("commander", "JH-330782")
    detective, _, _ = make_user("analyst", "JH-330782-01")  # a station of the bureau
    elsewhere, _, _ = make_user("analyst", "JH-330702")
    partner, _, _ = make_user("bank_liaison", "ICBC")
    path = f"/cases/{case['id']}/assign"
    for name in (elsewhere, partner, "nobody-by-this-name"):
        r = api.post(path, headers=headers, json={"assignee": name})
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "assignee", name
    r = api.post(path, headers=headers, json={"assignee": detective})
    assert r.status_code == 200 and r.json()["assignee"] == detective and r.json()["bureau"] == "JH-330782"
    assert api.post(path, headers=headers, json={"assignee": detective}).status_code == 409
    r = api.post(path, headers=headers, json={"bureau": "CMCC"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "bureau"
    timeline = api.get(f"/cases/{case['id']}/timeline", headers=headers, params={"lang": "en"}).json()
    assigned = next(e for e in timeline if e["event"] == "assign")
    assert assigned["actor"] and detective in assigned["text"] and assigned["text"] == f"Investigator assigned: (empty) → {detective}"


def test_moving_the_bureau_unassigns_an_investigator_of_the_old_one(api, login, make_user) -> None:
    payload = case_payload()
    payload["victim"]["id_number"] = resident_id("330702")
    case = api.post("/cases", headers=login("call_taker"), json=payload).json()
    assert case["bureau"] == "JH-330702"
    city = login("commander")
    detective, _, _ = make_user("analyst", "JH-330702")
    api.post(f"/cases/{case['id']}/assign", headers=city, json={"assignee": detective})
    r = api.post(f"/cases/{case['id']}/assign", headers=city, json={"bureau": "JH-330781"})
    assert r.status_code == 200 and r.json()["bureau"] == "JH-330781" and r.json()["assignee"] is None
    assert api.get(f"/cases/{case['id']}", headers=login("analyst", "JH-330702")).status_code == 404
    moved = [e["text"] for e in api.get(f"/cases/{case['id']}/timeline", headers=city).json() if e["event"] == "assign"]
    assert moved[-1] == f"指派办案人：{detective} → （空）；办案单位：JH-330702 → JH-330781"
    assert api.get(f"/cases/{case['id']}", headers=login("analyst", "JH-330781")).status_code == 200
