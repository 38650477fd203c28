"""The public risk check page: is this number, card or address linked to fraud?"""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request

from antifraud.core.errors import DomainError
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call, show_error
from antifraud.warnings import service
from antifraud.web.deps import public_risk_limit


def _risk_form(who: str) -> None:
    kinds = {k: label("risk_kind", k) for k in ("phone", "bank_card", "url", "payment_account", "app", "ip",
                                                "id_number", "device")}
    kind = ui.select(kinds, value="phone", label=t("risk.kind")).classes("w-48")
    value = ui.input(t("risk.value")).classes("w-96").props("data-testid=risk-value")
    result = ui.column()

    async def check() -> None:
        if not public_risk_limit.allow(who):
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

    ui.button(t("risk.check"), on_click=check).props("data-testid=risk-check")


def register() -> None:
    """Add the risk check page to the UI."""

    @ui.page("/risk")
    async def risk(request: Request) -> None:
        who = f"public:{request.client.host if request.client else 'unknown'}"
        ui.label(t("risk.title")).classes("text-h5 q-ma-md")
        with ui.card().classes("q-ma-md"):
            ui.label(t("risk.help")).classes("text-caption")
            _risk_form(who)
