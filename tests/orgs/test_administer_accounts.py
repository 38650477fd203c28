"""An administrator opens, changes, disables and resets accounts, reads the organisations and thresholds."""

from __future__ import annotations

import asyncio
import uuid

from nicegui.testing import User
from sqlalchemy import select

from antifraud.core.audit import AuditEntry
from antifraud.core.db import session_scope
from tests.pages import sign_in


def test_the_api_administers_an_account_end_to_end(api, login) -> None:
    admin = login("admin")
    name = f"clerk-{uuid.uuid4().hex[:6]}"
    made = api.post("/users", headers=admin, json={"username": name, "password": "first-pass-1",
                                                   "role": "call_taker", "org": "JH"})
    assert made.status_code == 201, made.text
    clerk = api.as_user(name, "first-pass-1")
    assert api.get("/me", headers=clerk).json()["role"] == "call_taker"
    listed = api.get("/users", headers=admin, params={"q": name})
    assert listed.headers["X-Total-Count"] == "1" and listed.json()[0]["org"] == "JH"
    wrong = api.client.patch(f"/api/v1/users/{name}", headers=admin, json={"role": "bank_liaison"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["code"] == "admin.role_needs_bank"
    moved = api.client.patch(f"/api/v1/users/{name}", headers=admin, json={"role": "bank_liaison", "org": "ICBC"})
    assert moved.status_code == 200 and moved.json()["org"] == "ICBC"
    assert api.get("/me", headers=clerk).status_code == 401  # a changed role ends the old sessions
    reset = api.post(f"/users/{name}/reset-password", headers=admin, json={})
    assert reset.status_code == 200 and len(reset.json()["password"]) >= 12
    liaison = api.as_user(name, reset.json()["password"])
    assert api.get("/me", headers=liaison).json() == {"username": name, "role": "bank_liaison", "org": "ICBC",
                                                      "org_kind": "bank"}
    off = api.client.patch(f"/api/v1/users/{name}", headers=admin, json={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert api.get("/me", headers=liaison).status_code == 401
    assert api.client.post("/api/v1/token", data={"username": name, "password": reset.json()["password"]}
                           ).status_code == 401
    with session_scope() as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.details["username"].as_string() == name)))
    assert {"user.create", "user.update", "user.password_reset", "user.disable"} <= actions
    orgs = {o["code"]: o for o in api.get("/orgs", headers=admin).json()}
    assert orgs["ICBC"]["kind"] == "bank" and orgs["ICBC"]["users"] >= 1


def test_only_administrators_and_never_themselves(api, login, make_user) -> None:
    commander = login("commander")
    assert api.get("/users", headers=commander).status_code == 403
    assert api.post("/users", headers=commander, json={"username": "x-someone", "password": "long-enough-1",
                                                       "role": "admin", "org": "JH"}).status_code == 403
    username, password, _ = make_user("admin")
    own = api.as_user(username, password)
    refused = api.client.patch(f"/api/v1/users/{username}", headers=own, json={"active": False})
    assert refused.status_code == 409 and refused.json()["detail"][0]["code"] == "admin.not_yourself"


async def _rows(table, check) -> list[dict]:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if check(table.rows):
            break
        await asyncio.sleep(0.05)
    return table.rows


async def test_the_admin_page_creates_and_disables_an_account(user: User, make_user) -> None:
    username, password, _ = make_user("admin")
    await sign_in(user, username, password)
    await user.open("/admin")
    await user.should_see("系统管理", retries=50)
    name = f"desk-{uuid.uuid4().hex[:6]}"
    user.find(marker="admin-new").click()
    await user.should_see("新建用户", retries=20)
    next(iter(user.find(marker="admin-username").elements)).value = name
    next(iter(user.find(marker="admin-password").elements)).value = "short"
    next(iter(user.find(marker="admin-role").elements)).value = "intervention"
    next(iter(user.find(marker="admin-org").elements)).value = "JH"
    user.find(marker="admin-save").click()
    await user.should_see("密码：不能为空或太短", retries=50)  # the refusal names the field and says why
    assert next(iter(user.find(marker="admin-password").elements)).error == "不能为空或太短"
    next(iter(user.find(marker="admin-password").elements)).value = "long-enough-9"
    user.find(marker="admin-save").click()
    await user.should_see("已保存", retries=50)
    user.find(marker="admin-search").type(name)
    table = next(iter(user.find(marker="admin-users").elements))
    rows = await _rows(table, lambda rows: len(rows) == 1 and rows[0]["username"] == name)
    assert rows[0]["role"] == "劝阻专员" and rows[0]["state"] == "正常"
    user.find(marker="admin-users").trigger("toggle", rows[0])
    rows = await _rows(table, lambda rows: rows and rows[0]["state"] == "已停用")
    assert rows[0]["state"] == "已停用"
    user.find(marker="admin-users").trigger("reset", rows[0])
    await user.should_see("此密码只显示这一次", retries=50)
    thresholds = next(iter(user.find(marker="admin-thresholds").elements))
    assert {r["env"] for r in thresholds.rows} >= {"ANTIFRAUD_SLA_STOP_PAYMENT_SECONDS"}
    assert next(r for r in thresholds.rows if r["id"] == "sla_stop_payment")["value"] == "60"
    orgs = next(iter(user.find(marker="admin-orgs").elements))
    assert any(r["code"] == "ICBC" and r["kind"].startswith("银行") for r in orgs.rows)


async def test_the_admin_page_is_for_administrators_only(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open("/admin")
    await user.should_see("无权访问此页面", retries=50)
