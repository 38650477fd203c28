"""Sign-in state of a page: who the browser's session cookie belongs to, the role check, the framed page.

Sessions belong to the organisations (`orgs.service.principal_for_token`), a room above some whose pages
use these helpers (identifiers' BIN page): the app wires the look-up in with `use_sessions`, so the UI kit
imports no capability.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import app, ui
from sqlalchemy.orm import Session

from antifraud.core.auth import Principal
from antifraud.core.errors import NotAuthenticated
from antifraud.ui import layout
from antifraud.ui.i18n import t
from antifraud.ui.layout import NAV, SESSION_RECHECK_SECONDS, call, session_id_of_page

PrincipalOfSession = Callable[[Session, str], Principal]
_SESSIONS: dict[str, PrincipalOfSession] = {}


def use_sessions(resolve: PrincipalOfSession) -> None:
    """Tell the pages how a browser's session id becomes a principal (raising NotAuthenticated if none)."""
    _SESSIONS["resolve"] = resolve


def _principal_from_session(session: Session, session_id: str) -> Principal:
    resolve = _SESSIONS.get("resolve")
    if resolve is None:  # an app assembled without its sessions would let nobody in: say so plainly
        raise RuntimeError("the UI's session look-up was not wired in (ui.session.use_sessions)")
    return resolve(session, session_id)


async def signed_in() -> Principal | None:
    """The principal of this browser's session cookie, or None."""
    # Older versions kept a bearer token in NiceGUI's on-disk user storage: never keep it there.
    app.storage.user.pop("token", None)
    session_id = session_id_of_page()
    if not session_id:
        return None
    try:
        return await call(_principal_from_session, session_id)
    except NotAuthenticated:
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


def frame(principal: Principal, active: str) -> None:
    """The page's header for the principal's role, ending the page once its session is revoked."""
    _recheck_session_once_connected(layout.frame(principal, active))


async def _end_page_if_signed_out(session_id: str) -> None:
    """Send an open page to the login page once its session was revoked or has expired."""
    try:
        await call(_principal_from_session, session_id)
    except NotAuthenticated:
        ui.navigate.to("/login")


def _recheck_session_once_connected(parent: ui.element) -> None:
    """Check the page's session once a minute, ending the page when it was revoked or expired."""
    # An open page keeps the principal it was built for; without this, a sign-out elsewhere or an
    # administrator's revocation would leave it working until it is reloaded.
    session_id = session_id_of_page()
    if not session_id:
        return
    client = ui.context.client
    started: list[ui.timer] = []

    def start() -> None:
        # A timer made while the page is built would make NiceGUI answer before the page is
        # complete (it waits for the connection): start it once the browser is connected.
        if not started:
            with parent:
                started.append(ui.timer(SESSION_RECHECK_SECONDS, lambda: _end_page_if_signed_out(session_id),
                                        immediate=False))

    client.on_connect(start)
