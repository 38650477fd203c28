"""Partner work platform (bank / carrier queue) and the police view of all requests."""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from nicegui import ui

from antifraud.core import events
from antifraud.core.auth import Principal
from antifraud.core.clock import fmt_local
from antifraud.core.errors import DomainError
from antifraud.dispatch import service
from antifraud.dispatch.schemas import CompleteIn, RequestOut
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call, show_error, table_texts
from antifraud.ui.session import frame, require

FULL_REFRESH_SECONDS = 10.0


def _row(req: RequestOut) -> dict[str, Any]:
    return {
        "id": req.id, "case_no": req.case_no, "kind": label("request_kind", req.kind), "kind_code": req.kind,
        "account": req.account, "target": req.target_org, "status": label("request_status", req.status),
        "status_code": req.status, "created": fmt_local(req.created_at, "%m-%d %H:%M:%S"),
        "due_ts": req.due_at.timestamp(), "remaining": "", "overdue": req.overdue,
        "requested": f"{req.requested_amount:,.2f}" if req.requested_amount is not None else "",
        "outcome": label("outcome", req.outcome), "amount": f"{req.amount:,.2f}" if req.amount is not None else "",
        "balance": f"{req.balance:,.2f}" if req.balance is not None else "", "note": req.note,
        "completed": fmt_local(req.completed_at, "%m-%d %H:%M:%S"),
    }


def _tick_rows(rows: list[dict[str, Any]]) -> None:
    """Recompute the SLA countdown of open rows."""
    now = time.time()
    for row in rows:
        if row["status_code"] == "completed":
            row["remaining"] = ""
            continue
        left = int(row["due_ts"] - now)
        row["overdue"] = left < 0
        sign = "-" if left < 0 else ""
        left = abs(left)
        row["remaining"] = f"{sign}{left // 60:02d}:{left % 60:02d}"


def _columns(open_view: bool, show_target: bool, actions: bool) -> list[dict[str, Any]]:
    names = ["case_no", "kind", "account"]
    if show_target:
        names.append("target")
    names += ["status", "created"]
    names += ["remaining"] if open_view else ["completed", "outcome", "balance", "amount", "note"]
    if actions and open_view:
        names.append("actions")
    col_key = {"remaining": "queue.remaining", "completed": "col.due", "note": "queue.note",
               "created": "col.created", "target": "col.target"}
    cols = []
    for name in names:
        key = col_key.get(name, f"col.{name}")
        if name == "completed":
            key = "queue.done"
        cols.append({"name": name, "label": t(key), "field": name, "align": "left"})
    return cols


def _body_slot(columns: list[dict[str, Any]]) -> str:
    cells = []
    for col in columns:
        name = col["name"]
        if name == "remaining":
            inner = ("<q-badge :color=\"props.row.overdue ? 'negative' : 'positive'\" "
                     ":label=\"props.row.overdue ? '" + t("queue.overdue") + " ' + props.row.remaining "
                     ": props.row.remaining\" />")
        elif name == "actions":
            inner = ("<q-btn v-if=\"props.row.status_code === 'pending'\" dense flat color='primary' "
                     f"label='{t('queue.ack')}' @click=\"() => $parent.$emit('ack', props.row)\" />"
                     f"<q-btn dense color='primary' label='{t('queue.complete')}' "
                     "@click=\"() => $parent.$emit('complete', props.row)\" />")
        elif name == "account":
            inner = "<span class='font-mono'>{{ props.row.account }}</span>"
        else:
            inner = "{{ props.row." + name + " }}"
        cells.append(f'<q-td key="{name}" :props="props">{inner}</q-td>')
    return ("<q-tr :props=\"props\" :class=\"props.row.overdue ? 'bg-red-1' : ''\" "
            ":data-request-id=\"props.row.id\">" + "".join(cells) + "</q-tr>")


def _make_table(open_view: bool, show_target: bool, actions: bool) -> ui.table:
    columns = _columns(open_view, show_target, actions)
    table = table_texts(ui.table(columns=columns, rows=[], row_key="id", pagination=50)).classes("w-full")
    table.add_slot("body", _body_slot(columns))
    table.props(f'no-data-label="{t("common.none")}"')
    return table


def _complete_dialog(principal: Principal, row: dict[str, Any], on_done: Any) -> None:
    """Ask for the outcome, balance, amount and note, and record them."""
    outcomes = service.OUTCOMES_BY_KIND[row["kind_code"]]
    with ui.dialog() as dialog, ui.card().classes("w-96"):
        ui.label(f"{row['kind']} · {row['account']} · {row['case_no']}").classes("text-bold")
        outcome = ui.select({o: label("outcome", o) for o in outcomes}, value=outcomes[0],
                            label=t("queue.outcome")).classes("w-full")
        money = row["kind_code"] in ("stop_payment", "freeze")
        balance = ui.input(t("queue.balance")).classes("w-full").props("inputmode=decimal")
        amount = ui.input(t("queue.amount")).classes("w-full").props("inputmode=decimal")
        balance.set_visibility(money)
        amount.set_visibility(money)
        note = ui.textarea(t("queue.note")).classes("w-full")

        def parse(field: ui.input, name: str) -> Decimal | None:
            text = (field.value or "").replace(",", "").strip()
            if not text:
                return None
            try:
                return Decimal(text)
            except InvalidOperation:
                raise DomainError(t("common.not_a_number"), field=name) from None

        async def save() -> None:
            try:
                answer = CompleteIn(outcome=outcome.value, balance=parse(balance, "balance"),
                                    amount=parse(amount, "amount"), note=note.value or "")
                await call(service.do_complete, principal, row["id"], answer)
            except (DomainError, ValueError) as exc:
                show_error(exc)
                return
            ui.notify(t("queue.saved"), type="positive")
            dialog.close()
            await on_done()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("common.save"), on_click=save).props("id=complete-save")
    dialog.open()


async def _queue_view(principal: Principal, actions: bool) -> None:
    """Open and completed requests, refreshed live when any request changes."""
    with ui.tabs() as tabs:
        open_tab = ui.tab(t("queue.open"))
        done_tab = ui.tab(t("queue.done"))
    with ui.tab_panels(tabs, value=open_tab).classes("w-full"):
        with ui.tab_panel(open_tab):
            open_table = _make_table(True, not actions, actions)
        with ui.tab_panel(done_tab):
            done_table = _make_table(False, not actions, False)
    state = {"version": -1, "loaded": 0.0}

    async def reload() -> None:
        state["version"] = events.version(service.TOPIC)
        state["loaded"] = time.monotonic()
        open_rows = [_row(r) for r in await call(service.list_requests, principal, "open")]
        done_rows = [_row(r) for r in await call(service.list_requests, principal, "completed", 200)]
        _tick_rows(open_rows)
        open_table.rows = open_rows
        done_table.rows = done_rows
        open_table.update()
        done_table.update()

    async def tick() -> None:
        stale = time.monotonic() - state["loaded"] > FULL_REFRESH_SECONDS
        if stale or events.version(service.TOPIC) != state["version"]:
            await reload()
        else:
            _tick_rows(open_table.rows)
            open_table.update()

    async def ack(e: Any) -> None:
        try:
            await call(service.do_acknowledge, principal, e.args["id"])
        except DomainError as exc:
            show_error(exc)
        await reload()

    open_table.on("ack", ack)
    open_table.on("complete", lambda e: _complete_dialog(principal, e.args, reload))
    await reload()
    ui.timer(0.5, tick)


def register() -> None:
    """Add the queue pages to the UI."""

    @ui.page("/queue")
    async def queue() -> None:
        principal = await require("queue")
        if principal is None:
            return
        frame(principal, "queue")
        ui.label(t("queue.title", org=principal.org_code)).classes("text-h6")
        await _queue_view(principal, actions=True)

    @ui.page("/requests")
    async def requests() -> None:
        principal = await require("requests")
        if principal is None:
            return
        frame(principal, "requests")
        ui.label(t("queue.all_title")).classes("text-h6")
        await _queue_view(principal, actions=False)
