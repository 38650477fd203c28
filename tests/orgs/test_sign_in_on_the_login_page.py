"""Signing in on the login page: each role lands on its work, a wrong password is refused, pages need a sign-in."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from tests.pages import sign_in


@pytest.mark.parametrize(("role", "org", "home"), [
    ("call_taker", "JH", "接警录入"), ("bank_liaison", "ICBC", "ICBC 工作台"), ("commander", "JH", "实时态势"),
])
async def test_each_role_lands_on_its_work(user: User, make_user, role: str, org: str, home: str) -> None:
    username, password, _ = make_user(role, org)
    await sign_in(user, username, password)
    await user.should_see(home, retries=50)


async def test_wrong_password_is_refused(user: User, make_user) -> None:
    username, _, _ = make_user("analyst")
    await sign_in(user, username, "not-the-password")
    await user.should_see("用户名或密码错误", retries=50)


async def test_pages_require_sign_in(user: User) -> None:
    await user.open("/queue")
    await user.should_see("登录", retries=50)
