"""The 24/7 intervention desk (人工干预): the queue, a warning's calls and actions, visits, who is on duty."""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from nicegui import ui

from antifraud.core import events
from antifraud.core.auth import Principal
from antifraud.core.clock import fmt_local, now
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.desk import service
from antifraud.desk.schemas import AttemptIn, CitizenContextOut
from antifraud.identifiers.divisions import JINHUA_DIVISIONS
from antifraud.ui.i18n import label, local_name, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require
from antifraud.warnings import service as warnings
from antifraud.warnings.features import reason_message
from antifraud.warnings.schemas import WarningOut

VISITS_SHOWN = 6
URGENCY_COLOURS = {"urgent": "negative", "high": "warning", "normal": "primary"}


def _row(w: WarningOut) -> dict[str, Any]:
    age = int((now() - w.created_at).total_seconds())
    return {"id": w.id, "no": w.warning_no, "urgency": w.urgency, "urgency_label": label("urgency", w.urgency),
            "score": f"{w.score:.2f}", "type": label("fraud_type", w.fraud_type), "citizen": w.citizen,
            "home": " ".join(x for x in (w.province, w.city) if x), "age": f"{age // 60}′",
            "status": label("warning_status", w.status), "claimed": w.claimed_by or ""}


COLUMNS = [("urgency_label", "desk.urgency"), ("score", "desk.score"), ("type", "col.fraud_type"),
           ("citizen", "desk.citizen"), ("home", "desk.home"), ("age", "desk.age"), ("status", "col.status"),
           ("claimed", "desk.claimed_by")]


def _queue_table() -> ui.table:
    cols = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in COLUMNS]
    table = table_texts(ui.table(columns=cols, rows=[], row_key="id", pagination=30)).classes("w-full")
    cells = "".join(
        f'<q-td key="{n}" :props="props">' + (
            "<q-badge :color=\"props.row.urgency === 'urgent' ? 'negative' : (props.row.urgency === 'high' ? "
            "'warning' : 'primary')\" :label=\"props.row.urgency_label\" />" if n == "urgency_label"
            else "{{ props.row." + n + " }}") + "</q-td>" for n, _ in COLUMNS)
    table.add_slot("body", '<q-tr :props="props" class="cursor-pointer" '
                           "@click=\"() => $parent.$emit('pick', props.row)\">" + cells + "</q-tr>")
    table.props(f'no-data-label="{t("common.none")}"')
    return table


def _money(text: str | None, field: str) -> Decimal | None:
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(t("common.not_a_number"), field=field) from None


class DeskView:
    """The queue on the left, the picked warning with its script and actions on the right."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.version = -1
        self.loaded = 0.0
        self.current: int | None = None
        with ui.row().classes("w-full no-wrap items-start gap-4"):
            with ui.column().classes("w-3/5"):
                self.table = _queue_table()
            self.detail = ui.column().classes("w-2/5")
        self.table.on("pick", lambda e: self.show(e.args["id"]))

    async def reload(self) -> None:
        """Fetch the queue again."""
        self.version = events.version(warnings.TOPIC)
        self.loaded = time.monotonic()
        rows = await call(service.list_warnings, self.principal, "open")
        self.table.rows = [_row(w) for w in rows]
        self.table.update()

    async def tick(self) -> None:
        """Refresh when a warning changed here, or every ten seconds."""
        if events.version(warnings.TOPIC) != self.version or time.monotonic() - self.loaded > 10:
            await self.reload()

    async def act(self, fn: Any, *args: Any) -> None:
        """Run a desk action, then refresh the queue and the detail."""
        try:
            await call(fn, self.principal, *args)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("desk.saved"), type="positive")
        await self.reload()
        if self.current is not None:
            await self.show(self.current)

    async def show(self, warning_id: int) -> None:
        """Show one warning with its call script and actions."""
        self.current = warning_id
        try:
            w = await call(service.get_warning, self.principal, warning_id)
            tries = await call(service.attempts, self.principal, warning_id)
            context = await call(service.citizen_context, self.principal, warning_id)
        except DomainError as exc:
            show_error(exc)
            return
        self.detail.clear()
        with self.detail:
            self._render(w, tries, context)

    def _render(self, w: WarningOut, tries: list[Any], context: CitizenContextOut) -> None:
        with card(f"{w.warning_no} · {label('fraud_type', w.fraud_type)}"):
            ui.label(f"{w.citizen} · {' '.join(x for x in (w.province, w.city) if x)} · "
                     f"{t('desk.score')} {w.score:.2f}").classes("text-bold").props("data-testid=desk-citizen")
            ui.badge(label("urgency", w.urgency), color=URGENCY_COLOURS.get(w.urgency, "primary"))
            for reason in w.reasons:
                key, parameters = reason_message(reason)
                ui.label("• " + t(key, **parameters)).classes("text-caption").mark("desk-reason")
        _context(context)
        with card(t("desk.script")):
            ui.label(label("script", w.fraud_type)).classes("whitespace-pre-wrap")
        if w.status in warnings.OPEN:
            self._actions(w)
        else:
            ui.label(label("warning_status", w.status)).classes("text-positive text-bold")
        if w.unreachable_count:
            with card(t("desk.sms_template")):
                ui.label(label("sms", w.fraud_type)).classes("whitespace-pre-wrap text-caption")
        if tries:
            with card(t("desk.attempts")):
                for a in tries:
                    ui.label(f"{fmt_local(a.at)} · {label('attempt', a.result)} · {a.note}").classes("text-caption")

    def _actions(self, w: WarningOut) -> None:
        with card(t("desk.record")):
            note = ui.input(t("desk.note")).classes("w-full")
            protected = ui.input(t("desk.money_protected")).classes("w-full")
            loss = ui.input(t("desk.loss")).classes("w-full")
            name = ui.input(t("desk.victim_name")).classes("w-64").mark("desk-victim-name")
            receiving = ReceivingRows()

            async def attempt(result: str) -> None:
                try:
                    paid = result == "already_paid"
                    body = AttemptIn(result=result, note=note.value or "",
                                     money_protected=_money(protected.value, "money_protected"),
                                     loss_amount=_money(loss.value, "loss_amount"),
                                     victim_name=((name.value or "").strip() or None) if paid else None,
                                     receiving=receiving.values() if paid else [])
                except (DomainError, ValueError) as exc:
                    show_error(exc)
                    return
                await self.act(service.do_record_attempt, w.id, body)

            with ui.row():
                if w.claimed_by is None:
                    ui.button(t("desk.claim"), on_click=lambda: self.act(service.do_claim, w.id)).props(
                        "data-testid=desk-claim")
                for result, colour in (("reached", "primary"), ("unreachable", "grey"), ("dissuaded", "positive"),
                                       ("already_paid", "negative")):
                    ui.button(label("attempt", result), color=colour,
                              on_click=lambda _e, r=result: attempt(r)).props(f"data-testid=desk-{result}")
                ui.button(t("desk.escalate"), color="deep-orange",
                          on_click=lambda: self.act(service.do_escalate, w.id)).props("outline")
                ui.button(t("desk.close"), on_click=lambda: self.act(service.do_close, w.id, note.value or "")).props(
                    "flat data-testid=desk-close")


def _context(c: CitizenContextOut) -> None:
    """Who the citizen is when known, what happened to them before, and whom they are dealing with."""
    districts = {d.code: local_name(d.name_zh, d.name_en) for d in JINHUA_DIVISIONS}
    with card(t("desk.context")):
        home = " ".join(x for x in (c.province, c.city, districts.get(c.district_code or "")) if x)
        ui.label(" · ".join(x for x in (t("desk.known_name", names=c.name) if c.name else t("desk.name_unknown"),
                                        f"{t('desk.home')}：{home}" if home else "") if x)).mark("desk-who")
        if c.money_moving:
            ui.label(t("desk.money_moving", amount=f"{c.money_moving:,.2f}")).classes("text-negative text-bold")
        ui.label(t("desk.earlier_cases", n=len(c.earlier_cases))).classes("text-caption")
        for case in c.earlier_cases:
            ui.link(f"{case.case_no} · {fmt_local(case.reported_at, '%Y-%m-%d')} · "
                    f"{label('fraud_type', case.fraud_type)} · {label('case_status', case.status)}",
                    f"/cases/{case.id}").classes("text-caption").mark("desk-earlier-case")
        ui.label(t("desk.earlier_warnings", n=len(c.earlier_warnings))).classes("text-caption")
        for w in c.earlier_warnings:
            ui.label(f"{w.warning_no} · {fmt_local(w.created_at, '%Y-%m-%d')} · {label('fraud_type', w.fraud_type)}"
                     f" · {label('warning_status', w.status)}").classes("text-caption").mark("desk-earlier-warning")
        ui.label(t("desk.counterparts")).classes("text-bold")
        for cp in c.counterparts:
            with ui.row().classes("items-center gap-2").mark("desk-counterpart"):
                ui.label(f"{label('identifier_kind', cp.kind)} {cp.value}").classes("font-mono")
                if cp.amount is not None:
                    ui.label(f"¥{cp.amount:,.2f}")
                ui.label(t("desk.counterpart_risk", confidence=f"{cp.confidence:.0%}") if cp.linked
                         else t("desk.no_risk")).classes("text-negative" if cp.linked else "text-grey-8")
                if cp.cases:
                    ui.label(t("desk.linked_cases"))
                    for ref in cp.cases:
                        ui.link(ref.case_no, f"/cases/{ref.id}")


class ReceivingRows:
    """The cards and numbers the citizen already sent money to, each with its amount (for 'already paid')."""

    def __init__(self) -> None:
        self.rows: list[tuple[ui.select, ui.input, ui.input]] = []
        ui.label(t("desk.receiving")).classes("text-caption")
        self.container = ui.column().classes("w-full gap-1")
        self.add()
        ui.button(t("desk.add_receiving"), icon="add", on_click=self.add).props("flat dense")

    def add(self) -> None:
        """One more row."""
        with self.container, ui.row().classes("w-full items-center no-wrap"):
            kinds = {k: label("identifier_kind", k) for k in ("bank_card", "phone", "payment_account")}
            kind = ui.select(kinds, value="bank_card").classes("w-32").mark("receiving-kind")
            value = ui.input(t("intake.identifier_value")).classes("grow").mark("receiving-value")
            amount = ui.input(t("col.amount")).classes("w-36").props("inputmode=decimal").mark("receiving-amount")
        self.rows.append((kind, value, amount))

    def values(self) -> list[dict[str, Any]]:
        """The filled rows, amounts as Decimal (a bad amount raises, naming its row)."""
        return [{"kind": kind.value, "value": value.value.strip(),
                 "amount": _money(amount.value, f"receiving.{i}.amount")}
                for i, (kind, value, amount) in enumerate(self.rows) if (value.value or "").strip()]


def register() -> None:
    """Add the desk page to the UI."""

    @ui.page("/desk")
    async def desk(warning: int | None = None) -> None:
        principal = await require("desk")
        if principal is None:
            return
        frame(principal, "desk")
        ui.label(t("desk.title")).classes("text-h6")
        duty = await call(service.on_duty, principal)
        ui.label(t("desk.on_duty", names="、".join(f"{d['username']}（{d['desk']}）" for d in duty) or "—")).classes(
            "text-caption")
        visits = await call(service.open_visits, principal)
        if visits:
            with card(t("desk.visits", n=len(visits))):
                for v in visits[:VISITS_SHOWN]:
                    ui.label(f"{v['warning_no']} · {v['citizen']} · {v['station']} · {t('col.due')} "
                             f"{fmt_local(v['due_at'], '%H:%M')}" + (f" · {t('queue.overdue')}" if v["overdue"] else "")
                             ).classes("text-negative" if v["overdue"] else "")
        view = DeskView(principal)
        await view.reload()
        if warning is not None:
            await view.show(warning)
        ui.timer(1.0, view.tick)
