"""Every role against every endpoint: allowed ones work, the rest answer 403 (or 404 out of scope)."""

from __future__ import annotations

import pytest

from tests.factories import case_payload

ROLES = {
    "admin": "JH", "commander": "JH", "call_taker": "JH", "analyst": "JH", "intervention": "JH",
    "expert": "JH", "bank_liaison": "ICBC", "carrier_liaison": "CMCC",
}
# endpoint → roles allowed (anything else must be refused)
ALLOWED = {
    "create_case": {"admin", "call_taker", "intervention"},
    "list_cases": {"admin", "commander", "call_taker", "analyst", "intervention", "expert"},
    "list_requests": {"admin", "commander", "call_taker", "analyst", "intervention", "expert", "bank_liaison",
                      "carrier_liaison"},
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
