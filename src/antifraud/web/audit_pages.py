"""The audit log page for commanders and administrators: readable, filtered, paged, exported."""

from __future__ import annotations

from datetime import date
from typing import Any

from nicegui import ui

from antifraud.core import audit
from antifraud.core.auth import Principal
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.ui.i18n import current_language, label, t
from antifraud.ui.layout import call, show_error
from antifraud.ui.paging import PagedTable, on_typing
from antifraud.ui.session import frame, require
from antifraud.web.audit_view import COLUMNS, day_bounds, export_log, page_of_log


def _filters(actions: list[str], types: list[str]) -> dict[str, Any]:
    """The log's filters: user, action, record type and id, from and to (local days)."""
    with ui.row().classes("w-full items-end gap-2"):
        return {
            "actor": ui.input(t("audit.actor")).props("dense clearable").classes("w-40").mark("audit-actor"),
            "action": ui.select({a: label("audit_action", a) for a in actions}, label=t("col.action"),
                                clearable=True, with_input=True).props("dense").classes("w-56").mark("audit-action"),
            "entity_type": ui.select({e: label("audit_entity", e) for e in types}, label=t("audit.entity_type"),
                                     clearable=True).props("dense").classes("w-40").mark("audit-entity-type"),
            "entity_id": ui.input(t("audit.entity_id")).props("dense clearable").classes("w-32").mark("audit-entity-id"),
            "day_from": ui.input(t("field.day_from")).props("dense type=date clearable").mark("audit-from"),
            "day_to": ui.input(t("field.day_to")).props("dense type=date clearable").mark("audit-to"),
        }


def _query(fields: dict[str, Any]) -> audit.AuditQuery:
    """The filters as a query; a malformed or reversed pair of days is refused by field."""
    days: dict[str, date | None] = {}
    for name in ("day_from", "day_to"):
        text = (fields[name].value or "").strip()
        try:
            days[name] = date.fromisoformat(text) if text else None
        except ValueError:
            raise ValidationFailed("use YYYY-MM-DD", field=name, code="input.date_parsing") from None
    if days["day_from"] and days["day_to"] and days["day_from"] > days["day_to"]:
        raise ValidationFailed("the start date is after the end date", field="day_from", code="list.dates_reversed")
    since, until = day_bounds(days["day_from"], days["day_to"])
    return audit.AuditQuery(actor=fields["actor"].value or None, action=fields["action"].value or None,
                            entity_type=fields["entity_type"].value or None,
                            entity_id=(fields["entity_id"].value or "").strip() or None, since=since, until=until)


async def _audit_view(principal: Principal) -> None:
    actions, types = await call(audit.log_vocabulary, principal)
    fields = _filters(actions, types)
    columns = [{"name": n, "label": t(f"col.{n}"), "field": n, "align": "left"} for n in COLUMNS]

    async def fetch(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        try:
            return await call(page_of_log, principal, _query(fields), limit, offset, current_language())
        except DomainError as exc:
            show_error(exc)
            return [], 0

    async def export(kind: str) -> None:
        try:
            content = await call(export_log, principal, _query(fields), kind, current_language())
        except DomainError as exc:
            show_error(exc)
            return
        ui.download.content(content, f"audit-log.{kind}")

    with ui.row().classes("gap-2"):
        ui.button(t("audit.export_csv"), icon="download", on_click=lambda: export("csv")).props(
            "flat").mark("audit-export-csv")
        ui.button(t("audit.export_xlsx"), icon="download", on_click=lambda: export("xlsx")).props(
            "flat").mark("audit-export-xlsx")
    listing = PagedTable(columns, fetch, rows_per_page=50)
    listing.table.mark("audit")
    for name in ("actor", "entity_id"):
        on_typing(fields[name], listing.reload)
    for name in ("action", "entity_type", "day_from", "day_to"):
        fields[name].on_value_change(listing.reload)
    await listing.show(1)


def register() -> None:
    """Add the audit page to the UI."""

    @ui.page("/audit")
    async def audit_page() -> None:
        principal = await require("audit")
        if principal is None:
            return
        frame(principal, "audit")
        ui.label(t("audit.title")).classes("text-h6")
        await _audit_view(principal)
