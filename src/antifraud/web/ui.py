"""Shared pieces of the operators' UI: sign-in state, service calls off the event loop, page frame."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from nicegui import app, run, ui
from sqlalchemy.orm import Session

from antifraud.core.auth import Principal, Role
from antifraud.core.db import session_scope
from antifraud.core.errors import DomainError, NotAuthenticated
from antifraud.orgs.service import principal_for_token
from antifraud.web.i18n import current_language, label, t

T = TypeVar("T")

# Which nav entries each role sees, in order; the first is the role's home page.
NAV: dict[Role, tuple[str, ...]] = {
    Role.CALL_TAKER: ("intake", "cases", "requests", "unroutable", "tracing", "screen"),
    Role.INTERVENTION: ("desk", "intake", "cases", "screen"),
    Role.BANK_LIAISON: ("queue",),
    Role.CARRIER_LIAISON: ("queue",),
    Role.COMMANDER: ("screen", "desk", "cases", "requests", "unroutable", "tracing", "audit"),
    Role.ANALYST: ("cases", "tracing", "requests", "unroutable", "desk", "screen"),
    Role.EXPERT: ("cases", "screen"),
    Role.ADMIN: ("cases", "intake", "requests", "unroutable", "tracing", "desk", "screen", "audit", "bins"),
}
SIMULATED = {"on": False}  # set at start-up when the database holds simulated data
PATHS = {"intake": "/intake", "cases": "/cases", "queue": "/queue", "requests": "/requests",
         "unroutable": "/unroutable", "screen": "/screen", "audit": "/audit",
         "tracing": "/tracing", "desk": "/desk", "bins": "/bins"}


def home_path(role: Role) -> str:
    """Where a role's work starts."""
    return PATHS[NAV[role][0]]


def with_session(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one service call in its own transaction."""
    with session_scope() as session:
        return fn(session, *args, **kwargs)


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a service call in a worker thread so the UI's event loop never blocks."""
    return await run.io_bound(with_session, fn, *args, **kwargs)


def _principal_from_token(session: Session, token: str) -> Principal:
    return principal_for_token(session, token)


async def signed_in() -> Principal | None:
    """The principal of this browser, or None (and the stale token forgotten)."""
    token = app.storage.user.get("token")
    if not token:
        return None
    try:
        return await call(_principal_from_token, token)
    except NotAuthenticated:
        app.storage.user.pop("token", None)
        return None


async def require(page: str) -> Principal | None:
    """Sign-in and role check for a page; redirects or explains, and returns None when refused."""
    principal = await signed_in()
    if principal is None:
        ui.navigate.to("/login")
        return None
    if page not in NAV.get(principal.role, ()):
        frame(principal, page)
        ui.label(t("common.forbidden")).classes("text-negative text-lg")
        return None
    return principal


def toggle_language() -> None:
    """Switch between Chinese and English and reload the page."""
    app.storage.user["lang"] = "en" if current_language() == "zh" else "zh"
    ui.navigate.reload()


def frame(principal: Principal, active: str) -> None:
    """The header with navigation for the principal's role."""
    ui.query("body").classes("bg-grey-1")
    with ui.header().classes("items-center bg-blue-10 q-px-md gap-4"):
        ui.label(t("app.title")).classes("text-lg text-bold")
        for key in NAV.get(principal.role, ()):
            link = ui.link(t(f"nav.{key}"), PATHS[key]).classes("text-white no-underline")
            if key == active:
                link.classes("text-bold underline")
        ui.space()
        if SIMULATED["on"]:
            ui.badge(t("app.simulated"), color="orange")
        ui.label(f"{principal.username} · {label('role', principal.role.value)} · {principal.org_code}")
        ui.button(t("nav.language"), on_click=toggle_language).props("flat dense color=white")
        ui.button(t("nav.logout"), on_click=lambda: ui.navigate.to("/logout")).props(
            "flat dense color=white")


def table_texts(table: ui.table) -> ui.table:
    """Quasar's own texts of a table (rows per page, no data) in the user's language."""
    return table.props(f'rows-per-page-label="{t("table.rows_per_page")}" no-data-label="{t("table.no_data")}"')


def show_error(exc: Exception) -> None:
    """Tell the user what is wrong, by field, without a stack trace."""
    if isinstance(exc, DomainError):
        text = "; ".join(f"{f}: {m}" if f else m for f, m in exc.errors)
    else:
        text = str(exc)
    ui.notify(f"{t('common.error')}: {text}", type="negative", multi_line=True, timeout=8000)


@contextmanager
def card(title: str) -> Iterator[None]:
    """A titled white card for a section of a page."""
    with ui.card().classes("w-full"):
        ui.label(title).classes("text-subtitle1 text-bold")
        yield
