"""Intake desk (接警录入), case list and detail, and the unroutable list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import run, ui
from pydantic import ValidationError

from antifraud.cases import service
from antifraud.cases.history import case_history
from antifraud.cases.schemas import CaseIn, CaseOut
from antifraud.classifier import classify
from antifraud.core.audit import AuditEntry
from antifraud.core.auth import Principal
from antifraud.core.clock import LOCAL_TZ, fmt_local, now, to_local
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.identifiers import IdentifierError, normalize
from antifraud.identifiers.divisions import JINHUA_DIVISIONS
from antifraud.orgs.service import list_orgs
from antifraud.ui.i18n import label, local_name, options, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require


def enrichment_text(kind: str, attrs: dict[str, Any]) -> str:
    """A short human description of what enrichment found (bank, carrier, 归属地)."""
    if kind == "bank_card":
        return " ".join(str(x) for x in (attrs.get("bank_name"), attrs.get("bank_code"),
                                          label("card_type", attrs.get("card_type"))) if x)
    if kind == "phone":
        parts = [attrs.get("carrier_name") or attrs.get("carrier_code"), attrs.get("province"), attrs.get("city")]
        if attrs.get("is_virtual_carrier"):
            parts.append(t("enrichment.virtual_carrier"))
        if attrs.get("is_overseas"):
            parts.append(str(attrs.get("country_code")))
        return " ".join(str(p) for p in parts if p)
    if kind == "url":
        return str(attrs.get("domain") or "")
    return ""


def _validation_messages(exc: ValidationError) -> ValidationFailed:
    errors = [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
    return ValidationFailed(errors[0][1], field=errors[0][0], errors=errors)


class IdentifierRows:
    """Editable identifier rows with live validation and enrichment."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.container = ui.column().classes("w-full gap-1")
        self.add()

    def add(self) -> None:
        """Append an empty row."""
        with self.container, ui.row().classes("w-full items-center no-wrap") as row_el:
            kind = ui.select(options("identifier_kind"), value="bank_card",
                             label=t("intake.identifier_kind")).classes("w-36")
            value = ui.input(t("intake.identifier_value")).classes("grow").props(
                f"data-identifier-row={len(self.rows)}")
            role = ui.select(options("identifier_role"), value="suspect",
                             label=t("intake.identifier_role")).classes("w-28")
            info = ui.label("").classes("text-caption w-64")
            row = {"kind": kind, "value": value, "role": role, "info": info, "el": row_el}
            ui.button(icon="delete", on_click=lambda r=row: self.remove(r)).props("flat dense")
        value.on("blur", lambda r=row: self.check(r))
        kind.on_value_change(lambda _e, r=row: self.check(r))
        self.rows.append(row)

    def remove(self, row: dict[str, Any]) -> None:
        """Drop a row."""
        row["el"].delete()
        self.rows.remove(row)

    def check(self, row: dict[str, Any]) -> None:
        """Validate one row as the call-taker leaves it and show what enrichment found."""
        raw = (row["value"].value or "").strip()
        if not raw:
            row["info"].set_text("")
            return
        try:
            norm = normalize(row["kind"].value, raw)
        except IdentifierError as exc:
            row["info"].set_text(exc.reason)
            row["info"].classes(replace="text-caption w-64 text-negative")
            return
        row["info"].set_text(enrichment_text(norm.kind, dict(norm.attrs)) or norm.value)
        row["info"].classes(replace="text-caption w-64 text-positive")

    def values(self) -> list[dict[str, str]]:
        """The non-empty rows as API input."""
        return [{"kind": r["kind"].value, "value": r["value"].value.strip(), "role": r["role"].value}
                for r in self.rows if (r["value"].value or "").strip()]


def _intake_form(principal: Principal) -> None:
    districts = {d.code: local_name(d.name_zh, d.name_en) for d in JINHUA_DIVISIONS}
    result = ui.column().classes("w-full")
    with card(t("intake.victim")):
        with ui.row().classes("w-full"):
            name = ui.input(t("intake.victim_name")).props("data-testid=victim-name")
            phone = ui.input(t("intake.victim_phone")).props("data-testid=victim-phone")
            id_number = ui.input(t("intake.victim_id")).classes("w-64").props("data-testid=victim-id")
        with ui.row().classes("w-full"):
            occupation = ui.select(options("occupation"), label=t("intake.occupation"), clearable=True).classes("w-48")
            education = ui.select(options("education"), label=t("intake.education"), clearable=True).classes("w-48")
            district = ui.select(districts, label=t("intake.district"), clearable=True).classes("w-48")
    with card(t("intake.case")):
        with ui.row().classes("w-full"):
            fraud_type = ui.select(options("fraud_type"), label=t("intake.fraud_type")).classes("w-64").props(
                "data-testid=fraud-type")
            loss = ui.input(t("intake.loss")).props("inputmode=decimal data-testid=loss")
            local_now = to_local(now())
            assert local_now is not None
            occurred = ui.input(t("intake.occurred_at"), value=local_now.strftime("%Y-%m-%d %H:%M")).props(
                "data-testid=occurred-at")
        narrative = ui.textarea(t("intake.narrative")).classes("w-full").props("data-testid=narrative")
        suggestion = ui.label("").classes("text-caption text-primary").props("data-testid=suggestion")
        state = {"overridden": False}
        fraud_type.on_value_change(lambda e: state.update(overridden=e.value is not None and
                                                          e.value != state.get("suggested")))

        async def suggest() -> None:
            """Read the narrative and suggest a fraud type; the call-taker's own choice always wins."""
            text = (narrative.value or "").strip()
            if len(text) < 8:
                return
            result = await run.io_bound(classify, text)
            if result.fraud_type in ("none", ""):
                suggestion.set_text(t("intake.no_suggestion"))
                return
            suggestion.set_text(t("intake.suggestion", type=label("fraud_type", result.fraud_type),
                                  score=f"{result.score:.0%}", cues="、".join(result.cues[:5])))
            if not state["overridden"]:
                state["suggested"] = result.fraud_type
                fraud_type.value = result.fraud_type

        narrative.on("blur", suggest)
    with card(t("intake.identifiers")):
        rows = IdentifierRows()
        ui.button(t("intake.add_identifier"), icon="add", on_click=rows.add).props("flat")

    async def submit() -> None:
        try:
            when = datetime.strptime((occurred.value or "").strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
        except ValueError:
            show_error(ValidationFailed(t("intake.occurred_at_format"), field="occurred_at"))
            return
        payload = {
            "victim": {"name": name.value or "", "phone": phone.value or None, "id_number": id_number.value or None,
                       "occupation": occupation.value, "education": education.value,
                       "district_code": district.value},
            "fraud_type": fraud_type.value, "loss_amount": (loss.value or "0").replace(",", ""),
            "occurred_at": when, "narrative": narrative.value or "", "identifiers": rows.values(),
        }
        try:
            data = CaseIn.model_validate(payload)
            case = await call(service.do_create_case, principal, data)
        except ValidationError as exc:
            show_error(_validation_messages(exc))
            return
        except DomainError as exc:
            show_error(exc)
            return
        _show_result(result, case)

    ui.button(t("intake.submit"), on_click=submit, icon="send").props("id=intake-submit size=lg")


def _show_result(container: ui.column, case: CaseOut) -> None:
    """Tell the call-taker what was filed and where each identifier went."""
    unroutable = [i for i in case.identifiers if i.routing == "unroutable"]
    ui.notify(t("intake.saved", case_no=case.case_no, n=len(case.requests)), type="positive")
    container.clear()
    with container, card(t("intake.result")):
        ui.link(t("intake.saved", case_no=case.case_no, n=len(case.requests)), f"/cases/{case.id}").props(
            "id=intake-case-no")
        if unroutable:
            ui.label(t("intake.unroutable", n=len(unroutable))).classes("text-warning")
        _identifier_table(case)
        ui.button(t("intake.new"), on_click=lambda: ui.navigate.to("/intake")).props("flat")


def _identifier_table(case: CaseOut) -> None:
    columns = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
        ("kind", "col.kind"), ("value", "col.value"), ("role", "intake.identifier_role"),
        ("enrichment", "col.enrichment"), ("routing", "col.routing"), ("reason", "col.reason"))]
    rows = [{"id": i.id, "kind": label("identifier_kind", i.kind), "value": i.value,
             "role": label("identifier_role", i.role), "enrichment": enrichment_text(i.kind, i.attrs),
             "routing": label("routing", i.routing), "reason": i.routing_reason or ""} for i in case.identifiers]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full")


def _requests_table(case: CaseOut) -> None:
    columns = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
        ("kind", "col.kind"), ("account", "col.account"), ("target", "col.target"), ("status", "col.status"),
        ("due", "col.due"), ("outcome", "col.outcome"), ("amount", "col.amount"))]
    rows = [{"id": r.id, "kind": label("request_kind", r.kind), "account": r.account, "target": r.target_org,
             "status": label("request_status", r.status) + (f" ({t('queue.overdue')})" if r.overdue else ""),
             "due": fmt_local(r.due_at), "outcome": label("outcome", r.outcome),
             "amount": f"{r.amount:,.2f}" if r.amount is not None else ""} for r in case.requests]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full")


def _audit_rows(entries: list[AuditEntry]) -> list[dict[str, str]]:
    return [{"id": str(e.id), "time": fmt_local(e.at), "actor": e.actor_username, "action": e.action,
             "details": ", ".join(f"{k}={v}" for k, v in (e.details or {}).items())}
            for e in entries]


def register() -> None:
    """Add the intake and case pages to the UI."""

    @ui.page("/intake")
    async def intake() -> None:
        principal = await require("intake")
        if principal is None:
            return
        frame(principal, "intake")
        ui.label(t("intake.title")).classes("text-h6")
        _intake_form(principal)

    @ui.page("/cases")
    async def cases_page() -> None:
        principal = await require("cases")
        if principal is None:
            return
        frame(principal, "cases")
        ui.label(t("cases.title")).classes("text-h6")
        columns = [{"name": n, "label": t(k), "field": n, "align": "left", "sortable": True} for n, k in (
            ("case_no", "col.case_no"), ("reported", "col.reported"), ("victim", "col.victim"),
            ("fraud_type", "col.fraud_type"), ("loss", "col.loss"), ("jurisdiction", "col.jurisdiction"),
            ("identifiers", "col.identifiers"))]
        search = ui.input(t("common.search")).props("clearable dense")
        table = table_texts(ui.table(columns=columns, rows=[], row_key="id", pagination=25)).classes("w-full")
        table.add_slot("body-cell-case_no", '<q-td :props="props"><a :href="\'/cases/\' + props.row.id">'
                                            '{{ props.row.case_no }}</a></q-td>')

        async def load() -> None:
            found = await call(service.list_cases, principal, 500, 0, None, search.value or None)
            table.rows = [{"id": c.id, "case_no": c.case_no, "reported": fmt_local(c.reported_at),
                           "victim": c.victim_name, "fraud_type": label("fraud_type", c.fraud_type),
                           "loss": f"{c.loss_amount:,.2f}", "jurisdiction": c.jurisdiction,
                           "identifiers": c.identifiers} for c in found]
            table.update()

        search.on("keydown.enter", load)
        search.on("clear", load)
        await load()

    @ui.page("/cases/{case_id}")
    async def case_detail(case_id: int) -> None:
        principal = await require("cases")
        if principal is None:
            return
        frame(principal, "cases")
        try:
            case = await call(service.get_case, principal, case_id)
        except DomainError as exc:
            ui.label(exc.message).classes("text-negative")
            return
        with ui.row().classes("items-center"):
            ui.label(t("cases.detail", case_no=case.case_no)).classes("text-h6")
            ui.button(t("cases.trace"), icon="account_tree",
                      on_click=lambda: ui.navigate.to(f"/tracing/{case.id}")).props("flat")
        with card(t("intake.case")):
            v = case.victim
            ui.label(f"{label('fraud_type', case.fraud_type)} · ¥{case.loss_amount:,.2f} · "
                     f"{fmt_local(case.occurred_at)} · {case.jurisdiction}")
            ui.label(f"{v['name']} {v.get('phone') or ''} {v.get('id_number') or ''} "
                     f"{v.get('age') or ''} {label('occupation', v.get('occupation'))} "
                     f"{label('education', v.get('education'))} {v.get('district_code') or ''}")
            ui.label(case.narrative).classes("whitespace-pre-wrap")
        with card(t("intake.identifiers")):
            _identifier_table(case)
        with card(t("cases.requests")):
            _requests_table(case)
        with card(t("cases.audit")):
            rows = _audit_rows(await call(case_history, principal, case.id))
            table_texts(ui.table(columns=[{"name": n, "label": t(f"col.{n}"), "field": n, "align": "left"}
                              for n in ("time", "actor", "action", "details")], rows=rows, row_key="id"))

    @ui.page("/unroutable")
    async def unroutable() -> None:
        principal = await require("unroutable")
        if principal is None:
            return
        frame(principal, "unroutable")
        ui.label(t("unroutable.title")).classes("text-h6")
        container = ui.column().classes("w-full")
        orgs = await call(list_orgs)
        banks = {o.code: local_name(o.name_zh, o.name_en) for o in orgs if o.kind == "bank"}
        carriers = {o.code: local_name(o.name_zh, o.name_en) for o in orgs if o.kind == "carrier"}
        gateways = {o.code: local_name(o.name_zh, o.name_en) for o in orgs if o.kind == "gateway"}

        async def load() -> None:
            items = await call(service.list_unroutable, principal)
            container.clear()
            with container:
                if not items:
                    ui.label(t("common.none"))
                for item in items:
                    with ui.row().classes("w-full items-center"):
                        ui.link(item.case_no, f"/cases/{item.case_id}")
                        ui.label(label("identifier_kind", item.kind))
                        ui.label(item.value).classes("font-mono")
                        ui.label(item.reason or "").classes("text-caption text-grey-8")
                        overseas = item.kind == "phone" and bool(item.attrs.get("is_overseas"))
                        if overseas:
                            ui.label(t("unroutable.gateway_hint")).classes("text-caption")
                        # only partners that can take this kind of identifier are offered
                        choices = banks if item.kind == "bank_card" else gateways if overseas else carriers
                        target = ui.select(choices, label=t("unroutable.route")).classes("w-48")

                        async def send(i: int = item.identifier_id, sel: ui.select = target) -> None:
                            if not sel.value:
                                return
                            try:
                                await call(service.do_route_manually, principal, i, sel.value)
                            except DomainError as exc:
                                show_error(exc)
                                return
                            ui.notify(t("unroutable.routed"), type="positive")
                            await load()

                        ui.button(t("unroutable.route"), on_click=send).props("flat")

        await load()
