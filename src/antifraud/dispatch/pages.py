"""Partner work platform (bank / carrier queue); the police view of all requests is `requests_page`."""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from nicegui import ui

from antifraud.core import events
from antifraud.core.auth import Principal
from antifraud.core.clock import fmt_local, local_day_start
from antifraud.core.errors import DomainError
from antifraud.dispatch import service
from antifraud.dispatch.schemas import CompleteIn, PartnerFigures, RequestOut
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call, show_error, table_texts
from antifraud.ui.paging import PagedTable
from antifraud.ui.session import frame, require

FULL_REFRESH_SECONDS = 10.0
SCREEN_REFRESH_SECONDS = 5.0


def _row(req: RequestOut) -> dict[str, Any]:
    return {
        "id": req.id, "case_no": req.case_no, "kind": label("request_kind", req.kind), "kind_code": req.kind,
        "account": req.account, "target": req.target_org, "status": label("request_status", req.status),
        "status_code": req.status, "created": fmt_local(req.created_at, "%m-%d %H:%M:%S"),
        "due_ts": req.due_at.timestamp(), "remaining": "", "overdue": req.overdue,
        "requested": (f"{req.requested_amount:,.2f}" if req.requested_amount is not None else
                      t("partner.case_loss", amount=f"{req.case_loss:,.2f}")
                      if req.case_loss is not None and req.kind in ("stop_payment", "freeze") else ""),
        "outcome": label("outcome", req.outcome), "amount": f"{req.amount:,.2f}" if req.amount is not None else "",
        "balance": f"{req.balance:,.2f}" if req.balance is not None else "", "note": req.note,
        "completed": fmt_local(req.completed_at, "%m-%d %H:%M:%S"),
        "fraud_type": label("fraud_type", req.fraud_type), "tier": req.tier or "",
        "transfer_at": fmt_local(req.transfer_at, "%m-%d %H:%M"),
        "deadline": fmt_local(req.due_at, "%m-%d %H:%M"),
        "period": (f"{fmt_local(req.period_from, '%m-%d %H:%M')} – {fmt_local(req.period_to, '%m-%d %H:%M')}"
                   if req.period_from else ""),
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
    names = ["case_no", "kind", "fraud_type", "account", "tier", "transfer_at", "requested"]
    if show_target:
        names.append("target")
    names += ["status", "created"]
    names += ["deadline", "remaining", "period"] if open_view else [
        "completed", "outcome", "balance", "amount", "note"]
    if actions and open_view:
        names.append("actions")
    col_key = {"remaining": "queue.remaining", "completed": "queue.done", "note": "queue.note",
               "created": "col.created", "target": "col.target", "fraud_type": "partner.fraud_type",
               "tier": "partner.tier", "transfer_at": "partner.transfer_at", "requested": "partner.amount",
               "deadline": "partner.deadline", "period": "partner.period"}
    return [{"name": name, "label": t(col_key.get(name, f"col.{name}")), "field": name, "align": "left"}
            for name in names]


def _body_slot(columns: list[dict[str, Any]], selectable: bool = False) -> str:
    cells = ['<q-td auto-width><q-checkbox v-model="props.selected" dense /></q-td>'] if selectable else []
    for col in columns:
        name = col["name"]
        if name == "remaining":
            inner = ("<q-badge :color=\"props.row.overdue ? 'negative' : 'positive'\" "
                     ":label=\"props.row.overdue ? '" + t("queue.overdue") + " ' + props.row.remaining "
                     ": props.row.remaining\" />")
        elif name == "actions":
            inner = ("<q-btn v-if=\"props.row.status_code === 'pending'\" dense flat color='primary' "
                     f"label='{t('queue.ack')}' @click=\"() => $parent.$emit('ack', props.row)\" />"
                     "<q-btn v-if=\"props.row.kind_code === 'statement_request'\" dense color='primary' "
                     f"label='{t('stmt.answer')}' @click=\"() => $parent.$emit('statement', props.row)\" />"
                     "<q-btn v-else dense color='primary' "
                     f"label='{t('queue.complete')}' "
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
    selectable = actions and open_view
    table = table_texts(ui.table(columns=columns, rows=[], row_key="id", pagination=50,
                                 selection="multiple" if selectable else None)).classes("w-full")
    table.add_slot("body", _body_slot(columns, selectable))
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


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return t("partner.no_figure")
    whole = round(seconds)
    return t("partner.minutes", m=whole // 60, s=whole % 60)


async def _figures(principal: Principal, box: ui.row) -> None:
    """The partner's own service level: on time and late, open and overdue, median times, money held."""
    figures = await call(service.partner_figures, principal)
    box.clear()
    with box:
        for key, value in (("partner.on_time", figures.completed_on_time), ("partner.late", figures.completed_late),
                           ("partner.open", figures.open), ("partner.open_overdue", figures.open_overdue),
                           ("partner.median_ack", _duration(figures.median_ack_seconds)),
                           ("partner.median_complete", _duration(figures.median_complete_seconds)),
                           ("partner.stopped", f"¥{figures.stopped:,.2f}")):
            with ui.column().classes("gap-0 min-w-32"):
                ui.label(t(key)).classes("text-caption text-grey-7")
                ui.label(str(value)).classes("text-subtitle1 text-bold").props(f"data-testid={key}")


async def _queue_view(principal: Principal, actions: bool) -> None:
    """Open and completed requests, refreshed live when any request changes."""
    figures_box: ui.row | None = None
    ack_button: ui.button | None = None
    if actions:
        ui.label(t("partner.figures")).classes("text-subtitle1")
        figures_box = ui.row().classes("gap-6")
        with ui.row().classes("gap-2"):
            ack_button = ui.button(t("partner.ack_selected", n=0), icon="done_all").props(
                "data-testid=ack-selected")
            ui.button(t("partner.day_xlsx"), icon="download", on_click=lambda: download_day()).props("flat")
    with ui.tabs() as tabs:
        open_tab = ui.tab(t("queue.open"))
        done_tab = ui.tab(t("queue.done"))
    with ui.tab_panels(tabs, value=open_tab).classes("w-full"):
        with ui.tab_panel(open_tab):
            open_table = _make_table(True, not actions, actions)
        with ui.tab_panel(done_tab):
            done_table = _make_table(False, not actions, False).mark("done-list")
    state = {"version": -1, "loaded": 0.0}

    async def fetch_done(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        items, total = await call(service.page_requests, principal, "completed", limit, offset)
        return [_row(r) for r in items], total

    done_pages = PagedTable([], fetch_done, rows_per_page=50, table=done_table)  # the done list, paged by the server

    async def reload() -> None:
        state["version"] = events.version(service.TOPIC)
        state["loaded"] = time.monotonic()
        open_rows = [_row(r) for r in await call(service.list_requests, principal, "open")]
        _tick_rows(open_rows)
        open_table.rows = open_rows
        open_table.update()
        await done_pages.show(int(done_table.pagination.get("page") or 1))
        if figures_box is not None:
            await _figures(principal, figures_box)

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

    async def ack_selected() -> None:
        ids = [row["id"] for row in open_table.selected]
        if not ids:
            ui.notify(t("partner.select_first"))
            return
        try:
            out = await call(service.do_acknowledge_many, principal, ids)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("partner.ack_done", n=len(out.acknowledged), skip=len(out.skipped)), type="positive")
        open_table.selected = []
        await reload()

    async def download_day() -> None:
        try:
            day, content = await call(service.day_workbook, principal)
        except DomainError as exc:
            show_error(exc)
            return
        ui.download.content(content, f"requests-{principal.org_code}-{day:%Y%m%d}.xlsx")

    def selection_changed(_: Any) -> None:
        if ack_button is not None:
            ack_button.text = t("partner.ack_selected", n=len(open_table.selected))

    if ack_button is not None:
        ack_button.on_click(ack_selected)
        open_table.on_select(selection_changed)
    open_table.on("ack", ack)
    open_table.on("statement", lambda e: ui.navigate.to(f"/queue/statement/{e.args['id']}"))
    open_table.on("complete", lambda e: _complete_dialog(principal, e.args, reload))
    await reload()
    ui.timer(0.5, tick)


SCREEN_TILES = (("today", "completed_on_time"), ("today", "completed_late"), ("today", "open"),
                ("today", "open_overdue"), ("today", "stopped"), ("month", "completed_on_time"),
                ("month", "completed_late"), ("month", "median_ack_seconds"), ("month", "median_complete_seconds"))
SCREEN_LABELS = {"completed_on_time": "partner.on_time", "completed_late": "partner.late", "open": "partner.open",
                 "open_overdue": "partner.open_overdue", "stopped": "partner.stopped",
                 "median_ack_seconds": "partner.median_ack", "median_complete_seconds": "partner.median_complete"}


def _tile_text(figures: PartnerFigures, field: str) -> str:
    value = getattr(figures, field)
    if field.startswith("median"):
        return _duration(value)
    if field == "stopped":
        return f"¥{value:,.2f}"
    return f"{value:,}"


async def _partner_screen(principal: Principal) -> None:
    """The partner's own big screen: its figures today and over 30 days, never a victim's data."""
    ui.query("body").classes(replace="bg-blue-grey-10")
    ui.label(t("partner.screen_title", org=principal.org_code)).classes("text-h4 text-white text-center w-full")
    tiles: dict[tuple[str, str], ui.label] = {}
    with ui.grid(columns=5).classes("w-full gap-4"):
        for period, field in SCREEN_TILES:
            with ui.card().classes("bg-blue-grey-9 text-white items-center"):
                ui.label(t(f"partner.screen_{period}", name=t(SCREEN_LABELS[field]))).classes(
                    "text-subtitle1 text-blue-grey-2")
                tiles[(period, field)] = ui.label("…").classes("text-h4 text-bold").props(
                    f"id=partner-tile-{period}-{field}")

    async def refresh() -> None:
        today = await call(service.partner_figures, principal, local_day_start())
        month = await call(service.partner_figures, principal)
        for (period, field), tile in tiles.items():
            tile.set_text(_tile_text(today if period == "today" else month, field))

    await refresh()
    ui.timer(SCREEN_REFRESH_SECONDS, refresh)


def register() -> None:
    """Add the partner's queue page to the UI."""

    @ui.page("/queue/screen")
    async def partner_screen() -> None:
        principal = await require("queue")
        if principal is None:
            return
        frame(principal, "queue")
        await _partner_screen(principal)

    @ui.page("/queue")
    async def queue() -> None:
        principal = await require("queue")
        if principal is None:
            return
        frame(principal, "queue")
        with ui.row().classes("items-center gap-4"):
            ui.label(t("queue.title", org=principal.org_code)).classes("text-h6")
            ui.link(t("partner.screen_link"), "/queue/screen")
        await _queue_view(principal, actions=True)
