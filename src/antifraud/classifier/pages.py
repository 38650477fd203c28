"""The text models page (模型管理) for administrators: cards, train from cases, upload, compare, activate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import events, ui

from antifraud.classifier import registry
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import fmt_local
from antifraud.core.errors import DomainError
from antifraud.ui.i18n import t
from antifraud.ui.layout import call, show_error, table_texts
from antifraud.ui.session import frame, signed_in

PAGE = "/text-models"
COLUMNS = ("id", "name", "status", "source", "n_texts", "macro_f1", "compared", "size", "data", "created")


def _f1(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, int | float) else "—"


def _row(c: dict[str, Any]) -> dict[str, Any]:
    """One table row of a model card."""
    comparison = c["comparison"]
    compared = (f"{_f1(comparison['candidate']['macro_f1'])} / {_f1(comparison['active']['macro_f1'])}"
                if comparison else "—")
    return {"id": c["id"], "name": c["name"], "status": t(f"models.status.{c['status']}"),
            "source": t(f"models.source.{c['source']}"), "n_texts": c["n_texts"],
            "macro_f1": _f1(c["metrics"].get("macro_f1")), "compared": compared,
            "size": f"{c['size_bytes'] / 1e6:.1f} MB", "data": (c["data_sha256"] or "—")[:12],
            "created": f"{fmt_local(c['created_at'])} {c['created_by']}"}


async def _act(fn: Callable[..., Any], *args: Any, done: str, refresh: Callable[[], Awaitable[None]]) -> None:
    """Run one registry action, tell the user how it went, redraw the table."""
    try:
        await call(fn, *args)
    except DomainError as exc:
        show_error(exc)
        return
    ui.notify(t(done), type="positive")
    await refresh()


def _page(principal: Principal) -> None:
    """The page body: the cards table and the actions."""
    columns = [{"name": n, "label": t(f"models.col.{n}"), "field": n, "align": "left"} for n in COLUMNS]
    table = table_texts(ui.table(columns=columns, rows=[], row_key="id", selection="single")).classes("w-full")

    async def refresh() -> None:
        table.rows = [_row(c) for c in await call(registry.list_models, principal)]
        table.selected = []
        table.update()

    def selected() -> int | None:
        if not table.selected:
            ui.notify(t("models.pick"), type="warning")
            return None
        return int(table.selected[0]["id"])

    async def on_selected(fn: Callable[..., Any], done: str) -> None:
        model_id = selected()
        if model_id is not None:
            await _act(fn, principal, model_id, done=done, refresh=refresh)

    with ui.row().classes("items-center gap-2"):
        ui.button(t("models.compare"), on_click=lambda: on_selected(registry.do_compare_text_model, "models.compared"))
        ui.button(t("models.activate"), on_click=lambda: on_selected(registry.do_activate_text_model, "models.activated"))
        ui.button(t("models.roll_back"), on_click=lambda: _act(registry.do_roll_back_text_model, principal,
                                                                done="models.rolled_back", refresh=refresh)
                  ).props("outline")
    with ui.row().classes("items-end gap-4"):
        name = ui.input(t("models.name")).classes("w-64")
        ui.button(t("models.train"), on_click=lambda: _act(registry.do_train_text_model, principal, name.value or "",
                                                           done="models.trained", refresh=refresh))

        async def received(e: events.UploadEventArguments) -> None:
            await _act(registry.do_upload_text_model, principal, name.value or e.file.name, await e.file.read(),
                       done="models.uploaded", refresh=refresh)

        ui.upload(label=t("models.upload"), on_upload=received, auto_upload=True).props('accept=".npz"')
    ui.label(t("models.hint")).classes("text-caption text-grey-8")
    ui.timer(0.05, refresh, once=True)


def register() -> None:
    """Add the text models page to the UI."""

    @ui.page(PAGE)
    async def text_models_page() -> None:
        principal = await signed_in()
        if principal is None:
            ui.navigate.to("/login")
            return
        frame(principal, "models")
        if not principal.can(Permission.MODEL_ADMIN):
            ui.label(t("common.forbidden")).classes("text-negative text-lg")
            return
        ui.label(t("models.title")).classes("text-h6")
        _page(principal)
