"""Every role against every endpoint: allowed ones work, the rest answer 403 (or 404 out of scope)."""

from __future__ import annotations

import pytest

from tests.factories import case_payload, resident_id

ROLES = {
    "admin": "JH", "commander": "JH", "call_taker": "JH", "analyst": "JH", "intervention": "JH",
    "expert": "JH", "bank_liaison": "ICBC", "carrier_liaison": "CMCC",
}
# endpoint → roles allowed (anything else must be refused)
ALLOWED = {
    "create_case": {"admin", "call_taker", "intervention"},
    "list_cases": {"admin", "commander", "call_taker", "analyst", "intervention", "expert"},
    # The desk and the experts see a case's requests on the case, not the partners' queues (as in the UI).
    "list_requests": {"admin", "commander", "call_taker", "analyst", "bank_liaison", "carrier_liaison"},
    "unroutable": {"admin", "commander", "call_taker", "analyst"},
    "stats": {"admin", "commander", "call_taker", "analyst", "intervention", "expert"},
}


def _call(api, endpoint: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    if endpoint == "create_case":
        return api.post("/cases", headers=headers, json=case_payload())
    path = {"list_cases": "/cases", "list_requests": "/requests", "unroutable": "/unroutable",
            "stats": "/stats/summary"}[endpoint]
    return api.get(path, headers=headers)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("endpoint", sorted(ALLOWED))
def test_role_reaches_only_its_endpoints(api, login, role: str, endpoint: str) -> None:
    r = _call(api, endpoint, login(role, ROLES[role]))
    if role in ALLOWED[endpoint]:
        assert r.status_code in (200, 201), r.text
    else:
        assert r.status_code == 403, r.text
        assert r.json()["detail"][0]["msg"]


def test_partners_cannot_read_cases(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    for role, org in (("bank_liaison", "ICBC"), ("carrier_liaison", "CMCC")):
        assert api.get(f"/cases/{case['id']}", headers=login(role, org)).status_code == 403


def test_health_and_openapi(api) -> None:
    health = api.client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    spec = api.client.get("/openapi.json").json()
    for path in ("/api/v1/token", "/api/v1/cases", "/api/v1/requests", "/api/v1/requests/{request_id}/ack",
                 "/api/v1/requests/{request_id}/complete", "/api/v1/stats/summary"):
        assert path in spec["paths"]


def _case_of_county(api, headers, division: str) -> dict:  # type: ignore[no-untyped-def]
    victim = {"name": "李四", "phone": "13857905678", "id_number": resident_id(division=division)}
    r = api.post("/cases", headers=headers, json=case_payload(victim=victim))
    assert r.status_code == 201, r.text
    assert r.json()["jurisdiction"] == f"JH-{division}"
    return r.json()


@pytest.mark.parametrize(("role", "org"), [("intervention", "JH-330782"), ("call_taker", "JH-330782"),
                                           ("commander", "JH-330782-02")])
def test_county_police_read_only_their_countys_cases(api, login, role: str, org: str) -> None:
    city = login("call_taker")
    yiwu = _case_of_county(api, city, "330782")
    wucheng = _case_of_county(api, city, "330702")
    county = login(role, org)
    assert api.get(f"/cases/{yiwu['id']}", headers=county).status_code == 200
    refused = api.get(f"/cases/{wucheng['id']}", headers=county)
    assert refused.status_code == 404 and refused.json()["detail"][0]["field"] == "case_id"
    listed = {c["case_no"] for c in api.get("/cases", headers=county, params={"limit": 1000}).json()}
    assert yiwu["case_no"] in listed and wucheng["case_no"] not in listed
    assert all(c["jurisdiction"] == "JH-330782" for c in api.get("/cases", headers=county).json())


def test_the_city_center_reads_every_countys_cases(api, login) -> None:
    city = login("call_taker")
    cases = [_case_of_county(api, city, d) for d in ("330782", "330702")]
    reader = login("analyst")
    for case in cases:
        assert api.get(f"/cases/{case['id']}", headers=reader).status_code == 200


@pytest.mark.parametrize("role", ["intervention", "expert"])
def test_desk_and_experts_see_requests_on_the_case_not_the_queues(api, login, role: str) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login(role)
    assert api.get("/requests", headers=headers).status_code == 403
    assert api.get(f"/requests/{case['requests'][0]['id']}", headers=headers).status_code == 403
    seen = api.get(f"/cases/{case['id']}", headers=headers)
    assert seen.status_code == 200 and len(seen.json()["requests"]) == len(case["requests"]) >= 2


@pytest.mark.parametrize("body", ['{"not": "a warning"}', "not json at all", ""])
@pytest.mark.parametrize("token", [None, "not-a-peer-token"])
def test_peer_warnings_check_the_token_before_the_body(api, body: str, token: str | None) -> None:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    r = api.post("/peer/warnings", headers=headers, content=body)
    assert r.status_code == 401, r.text
    assert r.headers["WWW-Authenticate"] == "Bearer" and r.json()["detail"][0]["msg"]
