"""Sign-in, sign-out and the role's home page.

The login page is a plain POST form: the server answers it with an HttpOnly, SameSite cookie holding
a random session id (only its digest is stored), so no usable secret reaches NiceGUI's storage.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from antifraud.core.errors import TooManyAttempts
from antifraud.orgs import service
from antifraud.orgs.service import SignInRefused
from antifraud.settings import get_settings
from antifraud.ui.i18n import t
from antifraud.ui.layout import SESSION_COOKIE, home_path, toggle_language, with_session
from antifraud.ui.session import signed_in
from antifraud.web.deps import client_address

# What the login page says for each refusal (the reason stays in the audit log).
LOGIN_ERRORS = {"failed": "login.failed", "otp": "login.otp_wrong", "otp_missing": "login.otp_required",
                "enrol": "login.otp_enrol", "throttled": "login.throttled"}
OTP_REASONS = {"otp_missing": "otp_missing", "otp_wrong": "otp", "otp_not_enrolled": "enrol"}


def _refused(error: str, retry: int = 0) -> RedirectResponse:
    query = {"error": error} | ({"retry": str(retry)} if retry else {})
    return RedirectResponse(f"/login?{urlencode(query)}", status_code=303)


def sign_in_form(request: Request, username: str, password: str, otp: str) -> RedirectResponse:
    """Check the login form; on success set the session cookie and go to the role's home page."""
    try:
        session_id, principal = with_session(service.do_sign_in, username.strip(), password, otp=otp,
                                             address=client_address(request), channel="ui")
    except TooManyAttempts as exc:
        return _refused("throttled", exc.retry_after)
    except SignInRefused as exc:
        return _refused(OTP_REASONS.get(exc.reason, "failed"))
    answer = RedirectResponse(home_path(principal.role), status_code=303)
    answer.set_cookie(SESSION_COOKIE, session_id, max_age=get_settings().token_ttl_hours * 3600, path="/",
                      httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return answer


def sign_out_form(request: Request) -> RedirectResponse:
    """End the browser's session server-side and drop its cookie."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        with_session(service.do_revoke_token, session_id, "ui")
    answer = RedirectResponse("/login", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                         secure=request.url.scheme == "https")
    return answer


def _login_card(error: str, retry: int) -> None:
    with ui.card().classes("absolute-center w-96"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("app.title")).classes("text-h6")
            ui.space()
            ui.button(t("nav.language"), on_click=toggle_language).props("flat dense")
        ui.label(t("login.title")).classes("text-subtitle1")
        with ui.element("form").props('method=post action=/login').classes("w-full column q-gutter-y-sm"):
            ui.input(t("login.username")).props("name=username autofocus autocomplete=username").classes(
                "w-full").mark("username")
            ui.input(t("login.password"), password=True).props(
                "name=password autocomplete=current-password").classes("w-full").mark("password")
            ui.input(t("login.otp")).props("name=otp autocomplete=one-time-code inputmode=numeric").classes(
                "w-full").mark("otp")
            if error in LOGIN_ERRORS:
                ui.label(t(LOGIN_ERRORS[error], seconds=retry)).classes("text-negative").mark("login-error")
            ui.button(t("login.submit")).props("type=submit id=login-submit").classes("w-full")


def register() -> None:
    """Add the sign-in pages and the sign-in / sign-out form handlers to the UI."""

    @ui.page("/")
    async def home() -> None:
        principal = await signed_in()
        ui.navigate.to(home_path(principal.role) if principal else "/login")

    @ui.page("/login")
    async def login(error: str = "", retry: int = 0) -> None:
        ui.query("body").classes("bg-blue-10")
        _login_card(error, max(0, retry))

    @app.post("/login", include_in_schema=False)
    def login_submit(request: Request, username: Annotated[str, Form(max_length=256)] = "",
                     password: Annotated[str, Form(max_length=4096)] = "",
                     otp: Annotated[str, Form(max_length=16)] = "") -> RedirectResponse:
        return sign_in_form(request, username, password, otp)

    @app.post("/logout", include_in_schema=False)
    def logout_submit(request: Request) -> RedirectResponse:
        return sign_out_form(request)
