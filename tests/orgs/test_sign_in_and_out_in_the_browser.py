"""The browser's session: an HttpOnly cookie whose id is stored hashed, signed out by POST."""

from __future__ import annotations

from nicegui import app
from nicegui.testing import User
from sqlalchemy import select

from antifraud.core.auth import token_digest
from antifraud.core.db import session_scope
from antifraud.orgs.models import ApiToken
from antifraud.ui.layout import SESSION_COOKIE
from tests.pages import sign_in


def _login(user: User, username: str, password: str, base: str = ""):  # type: ignore[no-untyped-def]
    return user.http_client.post(f"{base}/login", data={"username": username, "password": password})


async def test_sign_in_sets_an_httponly_samesite_cookie_stored_as_a_digest(user: User, make_user) -> None:
    username, password, _ = make_user("call_taker")
    answer = await _login(user, username, password)
    cookie = answer.headers["set-cookie"]
    assert answer.status_code == 303 and answer.headers["location"] == "/intake"
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "secure" not in cookie.lower()
    session_id = user.http_client.cookies[SESSION_COOKIE]
    with session_scope() as s:
        row = s.scalar(select(ApiToken).where(ApiToken.digest == token_digest(session_id)))
    assert row is not None and row.channel == "ui"
    await user.open("/intake")
    await user.should_see("接警录入", retries=50)


async def test_cookie_is_secure_over_https(user: User, make_user) -> None:
    username, password, _ = make_user("analyst")
    answer = await _login(user, username, password, base="https://test")
    assert "secure" in answer.headers["set-cookie"].lower()


async def test_the_session_cookie_is_no_api_token(user: User, make_user) -> None:
    username, password, _ = make_user("analyst")
    await _login(user, username, password)
    session_id = user.http_client.cookies[SESSION_COOKIE]
    me = await user.http_client.get("/api/v1/me", headers={"Authorization": f"Bearer {session_id}"})
    assert me.status_code in (401, 404)


async def test_user_storage_holds_no_session_secret(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("实时态势", retries=50)
    session_id = user.http_client.cookies[SESSION_COOKIE]
    with user:
        stored = repr(dict(app.storage.user))
    assert session_id not in stored and "token" not in stored


async def test_sign_out_by_post_ends_the_session(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("实时态势", retries=50)
    session_id = user.http_client.cookies[SESSION_COOKIE]
    answer = await user.http_client.post("/logout")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    with session_scope() as s:
        assert s.scalar(select(ApiToken.revoked).where(ApiToken.digest == token_digest(session_id)))
    user.http_client.cookies.set(SESSION_COOKIE, session_id)  # a copied cookie no longer works either
    await user.open("/screen")
    await user.should_see("登录", retries=50)


async def test_a_get_of_logout_signs_nobody_out(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    answer = await user.http_client.get("/logout")
    assert answer.status_code in (404, 405)
    await user.open("/screen")
    await user.should_see("实时态势", retries=50)


async def test_throttled_sign_in_says_when_to_try_again(user: User, make_user) -> None:
    username, _, _ = make_user("analyst")
    for _ in range(7):
        answer = await _login(user, username, "wrong-guess")
    assert answer.headers["location"].startswith("/login?error=throttled&retry=")
    await user.open(answer.headers["location"])
    await user.should_see("登录失败次数过多", retries=50)


async def test_an_open_page_ends_when_an_admin_revokes_the_session(user: User, make_user) -> None:
    from nicegui import ui

    from antifraud.orgs.service import do_revoke_user_tokens

    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("实时态势", retries=50)
    with session_scope() as s:
        do_revoke_user_tokens(s, username)
    recheck = next(el for el in user.find(kind=ui.timer).elements if el.interval >= 60)
    with user:
        await recheck.callback()  # what the page's timer does once a minute
    await user.should_see("登录", retries=50)
