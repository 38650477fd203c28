"""A police user enrolled in a one-time-code second factor signs in with password and code."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from antifraud.cli import app as cli
from antifraud.core.audit import AuditEntry
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.settings import reset_settings


def _enrol(username: str) -> pyotp.TOTP:
    """Enrol through the CLI, as an administrator does, and read the secret from the printed URI."""
    out = CliRunner().invoke(cli, ["users", "totp-enable", "--username", username])
    assert out.exit_code == 0, out.output
    uri = next(line for line in out.output.splitlines() if line.startswith("otpauth://"))
    return pyotp.parse_uri(uri)


def _token(api, username: str, password: str, otp: str | None = None):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password} | ({"otp": otp} if otp is not None else {})
    return api.client.post("/api/v1/token", data=data)


def test_enrolled_user_needs_the_current_code(api, make_user) -> None:
    username, password, _ = make_user("admin")
    totp = _enrol(username)
    missing = _token(api, username, password)
    assert missing.status_code == 401 and missing.json()["detail"][0]["field"] == "otp"
    wrong = _token(api, username, password, "000000" if totp.now() != "000000" else "111111")
    assert wrong.status_code == 401
    ok = _token(api, username, password, totp.now())
    assert ok.status_code == 200
    me = api.get("/me", headers={"Authorization": f"Bearer {ok.json()['access_token']}"})
    assert me.json()["username"] == username


def test_a_code_cannot_be_used_twice(api, make_user) -> None:
    username, password, _ = make_user("commander")
    totp = _enrol(username)
    code = totp.now()
    assert _token(api, username, password, code).status_code == 200
    assert _token(api, username, password, code).status_code == 401
    # the next time step's code (clocks drift by up to one step) still works once
    assert _token(api, username, password, totp.at(now() + timedelta(seconds=30))).status_code == 200


def test_a_right_code_with_a_wrong_password_is_refused(api, make_user) -> None:
    username, _, _ = make_user("analyst")
    totp = _enrol(username)
    assert _token(api, username, "not-the-password", totp.now()).status_code == 401


def test_enrolment_and_code_failures_are_audited(api, make_user) -> None:
    username, password, principal = make_user("analyst")
    _enrol(username)
    _token(api, username, password)
    with session_scope() as session:
        actions = [(e.action, e.details.get("reason")) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id.in_((str(principal.user_id), username)))
            .order_by(AuditEntry.id))]
    assert ("user.totp_enable", None) in actions and ("user.login_failed", "otp_missing") in actions


def test_partners_cannot_enrol(make_user) -> None:
    username, _, _ = make_user("bank_liaison", "ICBC")
    out = CliRunner().invoke(cli, ["users", "totp-enable", "--username", username])
    assert out.exit_code == 2 and "police roles" in out.output


def test_disabling_removes_the_code_requirement(api, make_user) -> None:
    username, password, _ = make_user("expert")
    _enrol(username)
    assert _token(api, username, password).status_code == 401
    assert CliRunner().invoke(cli, ["users", "totp-disable", "--username", username]).exit_code == 0
    assert _token(api, username, password).status_code == 200


@pytest.fixture
def admins_need_totp() -> Iterator[None]:
    """The setting that requires a second factor for administrators, on for one test."""
    os.environ["ANTIFRAUD_REQUIRE_TOTP_FOR_ADMINS"] = "true"
    reset_settings()
    yield
    del os.environ["ANTIFRAUD_REQUIRE_TOTP_FOR_ADMINS"]
    reset_settings()


def test_setting_requires_admins_to_have_a_second_factor(api, make_user, admins_need_totp) -> None:
    admin, admin_pw, _ = make_user("admin")
    analyst, analyst_pw, _ = make_user("analyst")
    refused = _token(api, admin, admin_pw)
    assert refused.status_code == 401 and "totp-enable" in refused.json()["message"]
    assert _token(api, analyst, analyst_pw).status_code == 200
    totp = _enrol(admin)
    assert _token(api, admin, admin_pw, totp.now()).status_code == 200
