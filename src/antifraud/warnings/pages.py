"""The risk check page: is this number, card or address linked to fraud?

Citizens use it without signing in; signed-in staff see it in their navigation, and police who read
cases see the linked cases by number. Cases are a room above this one: the cases room registers the
look-up in ``LINKED_CASES`` (as it does for the warnings' routing), so this page imports no case code.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from sqlalchemy.orm import Session
from starlette.requests import Request

from antifraud.core.auth import Permission, Principal
from antifraud.core.errors import DomainError
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call, show_error
from antifraud.ui.session import frame, signed_in
from antifraud.warnings import service
from antifraud.web.deps import public_risk_limit, signed_in_risk_limit

# (session, principal, kind, value) → [(case id, case number)] of the cases involving the identifier
LinkedCases = Callable[[Session, Principal, str, str], list[tuple[int, str]]]
LINKED_CASES: list[LinkedCases] = []
SHOWN_CASES = 20


def _linked_cases(session: Session, principal: Principal, kind: str, value: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for source in LINKED_CASES:
        found.extend(source(session, principal, kind, value))
    return found


def _show_cases(principal: Principal, cases: list[tuple[int, str]]) -> None:
    ui.label(t("risk.cases", count=len(cases))).classes("text-subtitle2").mark("risk-cases")
    with ui.row().classes("gap-2"):
        for case_id, case_no in cases[:SHOWN_CASES]:
            ui.link(case_no, f"/cases/{case_id}").classes("font-mono")


def _risk_form(who: str, principal: Principal | None = None) -> None:
    kinds = {k: label("risk_kind", k) for k in ("phone", "bank_card", "url", "payment_account", "app", "ip",
                                                "id_number", "device")}
    kind = ui.select(kinds, value="phone", label=t("risk.kind")).classes("w-48")
    value = ui.input(t("risk.value")).classes("w-96").props("data-testid=risk-value")
    result = ui.column()

    async def check() -> None:
        limiter = public_risk_limit if principal is None else signed_in_risk_limit
        if not limiter.allow(who):
            ui.notify(t("risk.too_many"), type="warning")
            return
        try:
            out = await call(service.check_risk, who, kind.value, value.value or "")
        except DomainError as exc:
            show_error(exc)
            return
        result.clear()
        with result:
            if out.linked:
                ui.label(t("risk.linked", cases=out.cases, confidence=f"{out.confidence:.0%}",
                           types="、".join(label("fraud_type", f) for f in out.fraud_types))).classes(
                    "text-negative text-h6")
            else:
                ui.label(t("risk.clear")).classes("text-positive text-h6")
        if principal is not None and principal.can(Permission.CASE_READ):
            cases = await call(_linked_cases, principal, kind.value, value.value or "")
            with result:
                _show_cases(principal, cases)

    ui.button(t("risk.check"), on_click=check).props("data-testid=risk-check")


def register() -> None:
    """Add the risk check page to the UI."""

    @ui.page("/risk")
    async def risk(request: Request) -> None:
        principal = await signed_in()
        if principal is not None:
            frame(principal, "risk")
            who = principal.username
        else:
            who = f"public:{request.client.host if request.client else 'unknown'}"
        ui.label(t("risk.title")).classes("text-h5 q-ma-md")
        with ui.card().classes("q-ma-md"):
            ui.label(t("risk.help")).classes("text-caption")
            _risk_form(who, principal)
