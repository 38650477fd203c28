"""Sign-in, sign-out and the role's home page."""

from __future__ import annotations

from nicegui import app, ui

from antifraud.core.errors import NotAuthenticated
from antifraud.orgs import service
from antifraud.web.i18n import t
from antifraud.web.ui import call, home_path, signed_in, toggle_language


def register() -> None:
    """Add the sign-in pages to the UI."""

    @ui.page("/")
    async def home() -> None:
        principal = await signed_in()
        ui.navigate.to(home_path(principal.role) if principal else "/login")

    @ui.page("/login")
    async def login() -> None:
        async def submit() -> None:
            try:
                token = await call(service.issue_token, username.value.strip(), password.value, "ui")
            except NotAuthenticated:
                error.set_text(t("login.failed"))
                error.set_visibility(True)
                return
            app.storage.user["token"] = token
            principal = await signed_in()
            ui.navigate.to(home_path(principal.role) if principal else "/login")

        ui.query("body").classes("bg-blue-10")
        with ui.card().classes("absolute-center w-96"):
            with ui.row().classes("w-full items-center"):
                ui.label(t("app.title")).classes("text-h6")
                ui.space()
                ui.button(t("nav.language"), on_click=toggle_language).props("flat dense")
            ui.label(t("login.title")).classes("text-subtitle1")
            username = ui.input(t("login.username")).props("autofocus").classes("w-full").mark("username")
            password = ui.input(t("login.password"), password=True).classes("w-full").mark("password")
            password.on("keydown.enter", submit)
            error = ui.label("").classes("text-negative")
            error.set_visibility(False)
            ui.button(t("login.submit"), on_click=submit).classes("w-full").props("id=login-submit")

    @ui.page("/logout")
    async def logout() -> None:
        token = app.storage.user.pop("token", None)
        if token:
            await call(service.revoke_token, token)
        ui.navigate.to("/login")
