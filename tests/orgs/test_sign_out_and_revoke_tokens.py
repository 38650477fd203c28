"""API clients sign out; an administrator ends every token of a user (API and CLI)."""

from __future__ import annotations

from typer.testing import CliRunner

from antifraud.cli import app as cli


def _me(api, headers: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    return api.get("/me", headers=headers).status_code


def test_logout_revokes_the_callers_token_only(api, make_user) -> None:
    username, password, _ = make_user("call_taker")
    first, second = api.as_user(username, password), api.as_user(username, password)
    assert api.post("/logout", headers=first).status_code == 204
    assert _me(api, first) == 401 and _me(api, second) == 200
    assert api.post("/logout", headers=first).status_code == 401


def test_admin_revokes_all_of_a_users_tokens(api, make_user, login) -> None:
    username, password, _ = make_user("analyst")
    tokens = [api.as_user(username, password) for _ in range(3)]
    admin = login("admin")
    out = api.post(f"/users/{username}/revoke-tokens", headers=admin)
    assert out.status_code == 200 and out.json() == {"username": username, "revoked": 3}
    assert all(_me(api, t) == 401 for t in tokens)
    assert _me(api, api.as_user(username, password)) == 200  # signing in again works
    assert api.post("/users/nobody-here/revoke-tokens", headers=admin).status_code == 404


def test_only_admins_revoke_other_users_tokens(api, make_user, login) -> None:
    username, password, _ = make_user("analyst")
    victim = api.as_user(username, password)
    for role, org in (("commander", "JH"), ("bank_liaison", "ICBC")):
        assert api.post(f"/users/{username}/revoke-tokens", headers=login(role, org)).status_code == 403
    assert _me(api, victim) == 200


def test_cli_revokes_a_users_tokens(api, make_user) -> None:
    username, password, _ = make_user("expert")
    headers = api.as_user(username, password)
    out = CliRunner().invoke(cli, ["users", "revoke-tokens", "--username", username])
    assert out.exit_code == 0 and "1 live" in out.output
    assert _me(api, headers) == 401
    assert CliRunner().invoke(cli, ["users", "revoke-tokens", "--username", "nobody-here"]).exit_code == 2
