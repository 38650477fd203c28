"""The audit log page for commanders and administrators."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from antifraud.core import audit
from antifraud.core.clock import fmt_local
from antifraud.ui.i18n import t
from antifraud.ui.layout import call, table_texts
from antifraud.ui.session import frame, require


def _rows(entries: list[audit.AuditEntry]) -> list[dict[str, Any]]:
    return [{"id": e.id, "time": fmt_local(e.at), "actor": f"{e.actor_username} ({e.actor_org_code})",
             "action": e.action, "entity": f"{e.entity_type} {e.entity_id}",
             "details": ", ".join(f"{k}={v}" for k, v in (e.details or {}).items())}
            for e in entries]


def register() -> None:
    """Add the audit page to the UI."""

    @ui.page("/audit")
    async def audit_page() -> None:
        principal = await require("audit")
        if principal is None:
            return
        frame(principal, "audit")
        ui.label(t("audit.title")).classes("text-h6")
        columns = [{"name": n, "label": t(f"col.{n}"), "field": n, "align": "left"}
                   for n in ("time", "actor", "action", "entity", "details")]
        table_texts(ui.table(columns=columns, rows=_rows(await call(audit.read_log, principal)), row_key="id", pagination=50)).classes("w-full")
