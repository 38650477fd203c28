"""Layout of the operators' UI: navigation, service calls off the event loop, the page frame, cards."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from nicegui import app, run, ui

from antifraud.core.auth import Principal, Role
from antifraud.core.db import session_scope
from antifraud.ui.i18n import current_language, label, t
from antifraud.ui.problems import error_text

T = TypeVar("T")

# Which nav entries each role sees, in order; the first is the role's home page.
NAV: dict[Role, tuple[str, ...]] = {
    Role.CALL_TAKER: ("intake", "cases", "clusters", "operations", "requests", "unroutable", "tracing", "risk",
                      "screen", "campaign_work"),
    Role.INTERVENTION: ("desk", "intake", "cases", "clusters", "risk", "screen", "campaign_work"),
    Role.BANK_LIAISON: ("queue", "risk"),
    Role.CARRIER_LIAISON: ("queue", "campaign_work", "risk"),
    Role.PLATFORM_LIAISON: ("campaign_work",),
    Role.COMMANDER: ("screen", "desk", "cases", "clusters", "operations", "experts", "requests", "unroutable",
                     "tracing", "analysis", "campaigns", "knowledge", "risk", "audit", "hubs"),
    Role.ANALYST: ("cases", "clusters", "operations", "experts", "tracing", "analysis", "campaigns", "knowledge",
                   "requests", "unroutable", "desk", "risk", "screen", "hubs"),
    Role.EXPERT: ("cases", "experts", "clusters", "operations", "analysis", "risk", "screen", "hubs"),
    Role.ADMIN: ("cases", "intake", "clusters", "operations", "experts", "requests", "unroutable", "tracing", "desk",
                 "analysis", "campaigns", "knowledge", "screen", "audit", "bins", "models", "hubs", "risk", "admin"),
}
SESSION_COOKIE = "antifraud_session"  # HttpOnly; holds a random id whose digest is stored
SESSION_RECHECK_SECONDS = 60.0
SIMULATED = {"on": False}  # set at start-up when the database holds simulated data
PATHS = {"intake": "/intake", "cases": "/cases", "queue": "/queue", "requests": "/requests",
         "unroutable": "/unroutable", "screen": "/screen", "audit": "/audit",
         "tracing": "/tracing", "desk": "/desk", "bins": "/bins", "models": "/text-models",
         "analysis": "/analysis", "campaigns": "/campaigns", "knowledge": "/knowledge",
         "campaign_work": "/campaign-work", "clusters": "/clusters", "hubs": "/hubs", "risk": "/risk",
         "admin": "/admin", "operations": "/operations", "experts": "/experts"}


def home_path(role: Role) -> str:
    """Where a role's work starts."""
    return PATHS[NAV[role][0]]


def with_session(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one service call in its own transaction."""
    with session_scope() as session:
        return fn(session, *args, **kwargs)


def _boxed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T]:
    return (with_session(fn, *args, **kwargs),)


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a service call in a worker thread so the UI's event loop never blocks.

    NiceGUI answers ``None`` instead of running the call when the app is stopping (a browser left during a
    refresh, a server shutting down); that is a cancellation, not a result a page should render.
    """
    boxed = await run.io_bound(_boxed, fn, *args, **kwargs)
    if boxed is None:
        raise asyncio.CancelledError("the page's app is stopping")
    return boxed[0]


def session_id_of_page() -> str | None:
    """The browser session id the page was requested with (an HttpOnly cookie), if any."""
    request = ui.context.client.request
    return request.cookies.get(SESSION_COOKIE) if request is not None else None


def toggle_language() -> None:
    """Switch between Chinese and English and reload the page."""
    app.storage.user["lang"] = "en" if current_language() == "zh" else "zh"
    ui.navigate.reload()


def frame(principal: Principal, active: str) -> ui.header:
    """The header with navigation for the principal's role."""
    ui.query("body").classes("bg-grey-1")
    with ui.header().classes("items-center bg-blue-10 q-px-md gap-4") as header:
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
        # Signing out is a POST (a link could be fetched by anyone's page or a prefetcher).
        with ui.element("form").props('method=post action=/logout'):
            ui.button(t("nav.logout")).props("type=submit flat dense color=white id=logout-submit")
    return header


def table_texts(table: ui.table) -> ui.table:
    """Quasar's own texts of a table (rows per page, no data) in the user's language."""
    return table.props(f'rows-per-page-label="{t("table.rows_per_page")}" no-data-label="{t("table.no_data")}"')


def show_error(exc: Exception) -> None:
    """Tell the user what is wrong, by field, without a stack trace."""
    text = error_text(exc)
    ui.notify(f"{t('common.error')}: {text}", type="negative", multi_line=True, timeout=8000)


@contextmanager
def card(title: str) -> Iterator[None]:
    """A titled white card for a section of a page."""
    with ui.card().classes("w-full"):
        ui.label(title).classes("text-subtitle1 text-bold")
        yield
