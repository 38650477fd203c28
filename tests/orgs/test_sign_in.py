"""Signing in for the API and the seeded organisations."""

from __future__ import annotations

import pytest

from antifraud.core.db import session_scope
from antifraud.core.errors import ValidationFailed
from antifraud.orgs.service import do_create_user, list_orgs


def test_upgrade_seeds_police_banks_and_carriers() -> None:
    with session_scope() as session:
        codes = {o.code: o for o in list_orgs(session)}
    for code in ("JH", "ICBC", "ABC", "BOC", "CCB", "BOCOM", "CMB", "PSBC", "CMCC", "CUCC", "CTCC"):
        assert code in codes
    counties = [o for o in codes.values() if o.level == "county"]
    stations = [o for o in codes.values() if o.level == "station"]
    assert len(counties) == 9
    assert all(o.parent_id == codes["JH"].id for o in counties)
    assert stations and all(o.parent_id in {c.id for c in counties} for o in stations)


def test_token_for_right_password_and_401_for_wrong(api, make_user) -> None:
    username, password, _ = make_user("call_taker")
    ok = api.client.post("/api/v1/token", data={"username": username, "password": password})
    assert ok.status_code == 200 and ok.json()["token_type"] == "bearer"
    bad = api.client.post("/api/v1/token", data={"username": username, "password": "wrong-password"})
    assert bad.status_code == 401
    me = api.get("/me", headers={"Authorization": f"Bearer {ok.json()['access_token']}"})
    assert me.json()["role"] == "call_taker"


def test_no_token_or_garbage_token_is_401(api) -> None:
    assert api.get("/requests").status_code == 401
    assert api.get("/requests", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_passwords_are_stored_as_argon2_hashes(make_user) -> None:
    from sqlalchemy import select

    from antifraud.orgs.models import User

    username, password, _ = make_user("analyst")
    with session_scope() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == username))
    assert stored.startswith("$argon2") and password not in stored


@pytest.mark.parametrize(("role", "org", "field"), [
    ("bank_liaison", "JH", "org"), ("call_taker", "ICBC", "org"), ("pilot", "JH", "role"),
    ("analyst", "NOPE", "org"),
])
def test_role_must_fit_the_organisation(role: str, org: str, field: str) -> None:
    with pytest.raises(Exception) as info, session_scope() as session:
        do_create_user(session, f"u-{role}-{org}".lower(), "long-enough-pw", role, org)
    assert getattr(info.value, "field", None) == field


def test_short_password_is_refused() -> None:
    with pytest.raises(ValidationFailed) as info, session_scope() as session:
        do_create_user(session, "shorty", "short", "analyst", "JH")
    assert info.value.field == "password"
