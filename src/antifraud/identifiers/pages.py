"""The BIN table page (发卡行识别): coverage of the cards seen, and learned rows to accept or reject."""

from __future__ import annotations

from nicegui import ui

from antifraud.core.auth import Principal
from antifraud.core.errors import DomainError
from antifraud.identifiers import service
from antifraud.ui.i18n import t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


async def _coverage(principal: Principal) -> None:
    """The figures: of the cards with evidence, how many the table names a bank for."""
    await call(service.refresh_overlay)  # rows another process imported show here at once
    cov = await call(service.coverage, principal)
    with card(t("bins.coverage")):
        ui.label(t("bins.coverage_cards", n=cov.cards, own=cov.own_rows))
        for key, value in (("bins.known_shipped", cov.known_shipped), ("bins.known_now", cov.known_now),
                           ("bins.right_now", cov.right_now), ("bins.known_if_accepted", cov.known_if_accepted)):
            ui.label(t(key, share=_share(value, cov.cards), n=value)).mark(key)


def register() -> None:
    """Add the BIN table page to the UI."""

    @ui.page("/bins")
    async def bins_page() -> None:
        principal = await require("bins")
        if principal is None:
            return
        frame(principal, "bins")
        ui.label(t("bins.title")).classes("text-h6")
        await _coverage(principal)
        suggestions = await call(service.list_suggestions, principal)
        with card(t("bins.suggestions")):
            if not suggestions:
                ui.label(t("bins.no_suggestions"))
            columns = [{"name": n, "label": t(f"bins.col.{n}"), "field": n, "align": "left"}
                       for n in ("bin", "bank", "cards", "table_bank")]
            rows = [{"id": s.id, "bin": s.bin, "bank": f"{s.bank_name_zh} ({s.bank_code})", "cards": s.cards,
                     "table_bank": s.table_bank or t("bins.unknown")} for s in suggestions]
            table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full")
            for s in suggestions:
                with ui.row().classes("items-center"):
                    ui.label(f"{s.bin} → {s.bank_name_zh}")
                    ui.button(t("bins.accept"), on_click=lambda sid=s.id: decide(sid, True)).props(
                        "flat color=positive").mark(f"accept-{s.bin}")
                    ui.button(t("bins.reject"), on_click=lambda sid=s.id: decide(sid, False)).props(
                        "flat color=negative").mark(f"reject-{s.bin}")

        async def decide(suggestion_id: int, accept: bool) -> None:
            try:
                await call(service.do_decide_suggestion, principal, suggestion_id, accept)
            except DomainError as exc:  # shown to the user by field, never as a stack trace
                show_error(exc)
                return
            ui.notify(t("bins.accepted" if accept else "bins.rejected"), type="positive")
            ui.navigate.reload()
