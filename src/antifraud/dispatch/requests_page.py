"""The police view of every request to the partners (止付 / 冻结 / 封堵), a page at a time, kept live."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from antifraud.core import events
from antifraud.core.auth import Principal
from antifraud.core.clock import fmt_local
from antifraud.dispatch import service
from antifraud.dispatch.schemas import RequestOut
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call
from antifraud.ui.paging import PagedTable
from antifraud.ui.session import frame, require

STATUS_CHOICES = ("open", "overdue", "pending", "acknowledged", "completed", "all")
LIVE_CHECK_SECONDS = 2.0
COLUMNS = (("case_no", "col.case_no"), ("kind", "col.kind"), ("account", "col.account"), ("target", "col.target"),
           ("status", "col.status"), ("created", "col.created"), ("due", "col.due"), ("outcome", "col.outcome"),
           ("requested", "requests.requested_yuan"), ("amount", "requests.amount_yuan"))


def _money(value: Any) -> str:
    return f"{value:,.2f}" if value is not None else ""


def _row(req: RequestOut) -> dict[str, Any]:
    status = label("request_status", req.status) + (f" · {t('queue.overdue')}" if req.overdue else "")
    return {"id": req.id, "case_no": req.case_no, "kind": label("request_kind", req.kind),
            "account": req.account, "target": req.target_org, "status": status, "overdue": req.overdue,
            "created": fmt_local(req.created_at, "%m-%d %H:%M"), "due": fmt_local(req.due_at, "%m-%d %H:%M"),
            "outcome": label("outcome", req.outcome), "requested": _money(req.requested_amount),
            "amount": _money(req.amount)}


async def _requests_view(principal: Principal) -> None:
    status = ui.select({s: t(f"requests.status.{s}") for s in STATUS_CHOICES}, value="open",
                       label=t("col.status")).props("dense").classes("w-48").mark("requests-status")
    columns = [{"name": n, "label": t(k), "field": n,
                "align": "right" if n in ("requested", "amount") else "left"} for n, k in COLUMNS]

    async def fetch(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        items, total = await call(service.page_requests, principal, status.value, limit, offset)
        return [_row(r) for r in items], total

    listing = PagedTable(columns, fetch, rows_per_page=50)
    listing.table.mark("requests")
    listing.table.add_slot("body-cell-case_no", '<q-td :props="props"><a :href="\'/cases?q=\' + props.row.case_no">'
                                                '{{ props.row.case_no }}</a></q-td>')
    listing.table.add_slot("body-cell-status", '<q-td :props="props" :class="props.row.overdue ? '
                                               "'text-negative text-bold' : ''\">{{ props.row.status }}</q-td>")
    status.on_value_change(listing.reload)
    seen = {"version": events.version(service.TOPIC)}

    async def follow() -> None:
        """Show the current page again when any request changed."""
        version = events.version(service.TOPIC)
        if version != seen["version"]:
            seen["version"] = version
            await listing.show(int(listing.table.pagination.get("page") or 1))

    await listing.show(1)
    ui.timer(LIVE_CHECK_SECONDS, follow)


def register() -> None:
    """Add the requests page to the UI."""

    @ui.page("/requests")
    async def requests() -> None:
        principal = await require("requests")
        if principal is None:
            return
        frame(principal, "requests")
        ui.label(t("queue.all_title")).classes("text-h6")
        await _requests_view(principal)
