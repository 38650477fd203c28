"""Intake desk (接警录入), case list and detail, and the unroutable list."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from nicegui import run, ui
from pydantic import ValidationError

from antifraud.cases import service
from antifraud.cases.case_page import CaseView
from antifraud.cases.schemas import MAX_LISTED_IDS, CaseIn, CaseOut, CaseQuery, CaseSummary, UnroutableOut
from antifraud.classifier import classify
from antifraud.core.auth import Principal
from antifraud.core.clock import LOCAL_TZ, fmt_local, now, to_local
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.core.vocab import NUMBER_CARRIERS
from antifraud.identifiers import BANKS, IdentifierError, normalize
from antifraud.identifiers.divisions import JINHUA_DIVISIONS
from antifraud.orgs.service import list_orgs
from antifraud.ui.i18n import label, local_name, options, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.paging import PagedTable, on_typing
from antifraud.ui.problems import mark_fields, reason_text, refused_input
from antifraud.ui.session import frame, require
from antifraud.warnings.pages import LINKED_CASES

CARRIER_NAMES = {c.code: c for c in NUMBER_CARRIERS}


def enrichment_text(kind: str, attrs: dict[str, Any]) -> str:
    """A short human description of what enrichment found (bank, carrier, 归属地)."""
    if kind == "bank_card":
        code = attrs.get("bank_code")
        names = BANKS.get(str(code)) if code else None
        bank = local_name(*names) if names else attrs.get("bank_name")
        return " ".join(str(x) for x in (bank, code, label("card_type", attrs.get("card_type"))) if x)
    if kind == "phone":
        carrier = CARRIER_NAMES.get(str(attrs.get("carrier_code")))
        parts = [local_name(carrier.name_zh, carrier.name_en) if carrier else
                 attrs.get("carrier_name") or attrs.get("carrier_code"), attrs.get("province"), attrs.get("city")]
        if attrs.get("is_virtual_carrier"):
            parts.append(t("enrichment.virtual_carrier"))
        if attrs.get("is_overseas"):
            parts.append(str(attrs.get("country_code")))
        return " ".join(str(p) for p in parts if p)
    if kind == "url":
        return str(attrs.get("domain") or "")
    return ""


# The routing reasons dispatch stores (English, in the database) and their message keys.
_ROUTING_REASONS = (
    (re.compile(r"^overseas number: no domestic carrier$"), "route.overseas"),
    (re.compile(r"^no work platform for issuer 'unknown BIN'$"), "route.unknown_bin"),
    (re.compile(r"^no work platform for issuer '(?P<org>[^']*)'$"), "route.no_bank"),
    (re.compile(r"^no work platform for carrier 'unknown'$"), "route.unknown_carrier"),
    (re.compile(r"^no work platform for carrier '(?P<org>[^']*)'$"), "route.no_carrier"),
    (re.compile(r"^routed by (?P<by>\S+) to (?P<org>\S+)$"), "route.manual"),
    (re.compile(r"^already held: (?P<kind>\w+) request (?P<id>\d+) to (?P<org>\S+) is (?P<status>\w+)$"),
     "route.held_open"),
    (re.compile(r"^already stopped by (?P<org>\S+) \(request (?P<id>\d+)\) until (?P<until>\S+)$"),
     "route.held_stopped"),
    (re.compile(r"^already frozen by (?P<org>\S+) \(request (?P<id>\d+)\) until (?P<until>\S+)$"),
     "route.held_frozen"),
)


def _reason_params(found: dict[str, str]) -> dict[str, str]:
    """A reason's parts in the user's language: request kinds and states by name, times in Beijing time."""
    params = dict(found)
    if "kind" in params:
        params["kind"] = label("request_kind", params["kind"])
    if "status" in params:
        params["status"] = label("request_status", params["status"])
    if params.get("until") not in (None, "?"):
        try:
            params["until"] = fmt_local(datetime.fromisoformat(params["until"]), "%Y-%m-%d %H:%M")
        except ValueError:
            pass
    return params


def routing_reason_text(reason: str | None) -> str:
    """Why an identifier went (or could not go) to a partner, in the user's language."""
    if not reason:
        return ""
    for pattern, key in _ROUTING_REASONS:
        found = pattern.match(reason)
        if found:
            return reason_text(reason, key, _reason_params(found.groupdict()))
    return reason


_validation_messages = refused_input


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
            row["info"].set_text(reason_text(exc.reason, exc.code, exc.params))
            row["info"].classes(replace="text-caption w-64 text-negative")
            return
        row["info"].set_text(enrichment_text(norm.kind, dict(norm.attrs)) or norm.value)
        row["info"].classes(replace="text-caption w-64 text-positive")

    def filled(self) -> list[dict[str, Any]]:
        """The rows with a value, in order (their positions are the positions of the API input)."""
        return [r for r in self.rows if (r["value"].value or "").strip()]

    def values(self) -> list[dict[str, str]]:
        """The non-empty rows as API input."""
        return [{"kind": r["kind"].value, "value": r["value"].value.strip(), "role": r["role"].value}
                for r in self.filled()]


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
        occurred.error = None
        try:
            when = datetime.strptime((occurred.value or "").strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
        except ValueError:
            refused = ValidationFailed("use YYYY-MM-DD HH:MM", field="occurred_at", code="intake.occurred_at_format")
            mark_fields({"occurred_at": occurred}, refused)
            show_error(refused)
            return
        payload = {
            "victim": {"name": name.value or "", "phone": phone.value or None, "id_number": id_number.value or None,
                       "occupation": occupation.value, "education": education.value,
                       "district_code": district.value},
            "fraud_type": fraud_type.value, "loss_amount": (loss.value or "0").replace(",", ""),
            "occurred_at": when, "narrative": narrative.value or "", "identifiers": rows.values(),
        }
        form = {"victim.name": name, "victim.phone": phone, "victim.id_number": id_number,
                "victim.district_code": district, "fraud_type": fraud_type, "loss_amount": loss,
                "occurred_at": occurred, "narrative": narrative}
        form.update({f"identifiers.{i}.value": r["value"] for i, r in enumerate(rows.filled())})
        for element in form.values():
            element.error = None
        try:
            data = CaseIn.model_validate(payload)
            case = await call(service.do_create_case, principal, data)
        except (ValidationError, DomainError) as exc:
            refused = _validation_messages(exc) if isinstance(exc, ValidationError) else exc
            mark_fields(form, refused)
            show_error(refused)
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
        ("kind", "col.kind"), ("value", "col.value"), ("role", "case.identifier_role"),
        ("enrichment", "case.enrichment"), ("routing", "col.routing"), ("reason", "col.reason"))]
    rows = [{"id": i.id, "kind": label("identifier_kind", i.kind), "value": i.value,
             "role": label("identifier_role", i.role), "enrichment": enrichment_text(i.kind, i.attrs),
             "routing": label("routing", i.routing), "reason": routing_reason_text(i.routing_reason)} for i in case.identifiers]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full")


def _requests_table(case: CaseOut) -> None:
    columns = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
        ("kind", "col.kind"), ("account", "col.account"), ("target", "col.target"), ("status", "col.status"),
        ("due", "col.due"), ("outcome", "col.outcome"), ("amount", "col.amount"))]
    rows = [{"id": r.id, "kind": label("request_kind", r.kind), "account": r.account, "target": r.target_org,
             "status": label("request_status", r.status) + (f" ({t('queue.overdue')})" if r.overdue else "")
             + ("" if r.case_no == case.case_no else f" · {t('route.held_by_case', case_no=r.case_no)}"),
             "due": fmt_local(r.due_at), "outcome": label("outcome", r.outcome),
             "amount": f"{r.amount:,.2f}" if r.amount is not None else ""}
            for r in [*case.requests, *case.holding_requests]]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full")


DIVISION_NAMES = {d.code: (d.name_zh, d.name_en) for d in JINHUA_DIVISIONS}


def _labelled(pairs: tuple[tuple[str, Any], ...]) -> str:
    """Each known value with its label (姓名：张三 · 年龄：27 …); unknown values are left out."""
    return " · ".join(t("case.labelled", name=t(key), value=value) for key, value in pairs if value not in (None, ""))


def _case_details(case: CaseOut) -> None:
    """The report as filed (with corrections applied), its identifiers and its requests."""
    with card(t("intake.case")):
        v = case.victim
        ui.label(_labelled((("intake.fraud_type", label("fraud_type", case.fraud_type)),
                            ("intake.loss", f"{case.loss_amount:,.2f}"),
                            ("intake.occurred_at", fmt_local(case.occurred_at))))).mark("case-facts")
        district = DIVISION_NAMES.get(v.get("district_code") or "")
        ui.label(_labelled((("intake.victim_name", v["name"]), ("intake.victim_phone", v.get("phone")),
                            ("intake.victim_id", v.get("id_number")), ("case.victim_age", v.get("age")),
                            ("intake.occupation", label("occupation", v.get("occupation"))),
                            ("intake.education", label("education", v.get("education"))),
                            ("intake.district", local_name(*district) if district else v.get("district_code"))
                            ))).mark("case-victim")
        ui.label(case.narrative).classes("whitespace-pre-wrap")
    with card(t("intake.identifiers")):
        _identifier_table(case)
    with card(t("cases.requests")):
        _requests_table(case)


def _filters_row(districts: dict[str, str]) -> dict[str, Any]:
    """The case list's search box and filters: text, fraud type, district, reported from / to."""
    with ui.row().classes("w-full items-end gap-2"):
        fields = {
            "text": ui.input(t("cases.search"), placeholder=t("cases.search_hint")).props(
                "clearable dense data-testid=case-search").classes("w-96").mark("case-search"),
            "fraud_type": ui.select(options("fraud_type"), label=t("col.fraud_type"), clearable=True).props(
                "dense").classes("w-48").mark("case-fraud-type"),
            "district_code": ui.select(districts, label=t("cases.district"), clearable=True).props(
                "dense").classes("w-40").mark("case-district"),
            "reported_from": ui.input(t("cases.reported_from")).props("dense type=date clearable").mark(
                "case-from"),
            "reported_to": ui.input(t("cases.reported_to")).props("dense type=date clearable").mark("case-to"),
        }
    return fields


def _case_query(fields: dict[str, Any]) -> CaseQuery:
    """The filters as typed, as a query (raises pydantic's error on a malformed value)."""
    return CaseQuery.model_validate({name: (el.value or None) for name, el in fields.items()})


def _case_row(c: CaseSummary, places: dict[str, str]) -> dict[str, Any]:
    return {"id": c.id, "case_no": c.case_no, "reported": fmt_local(c.reported_at, "%Y-%m-%d %H:%M"),
            "victim": c.victim_name, "fraud_type": label("fraud_type", c.fraud_type),
            "loss": f"{c.loss_amount:,.2f}", "jurisdiction": places.get(c.jurisdiction, c.jurisdiction),
            "identifiers": c.identifiers, "status": label("case_status", c.status)}


async def _case_list(principal: Principal, text: str = "", ids: list[int] | None = None) -> None:
    """Cases a page at a time, searched as the user types, filtered by type, district and dates; with ``ids``
    only those cases (a figure's drill-down)."""
    districts = {d.code: local_name(d.name_zh, d.name_en) for d in JINHUA_DIVISIONS}
    places = {o.code: local_name(o.name_zh, o.name_en) for o in await call(list_orgs, "police")}
    fields = _filters_row(districts)
    fields["text"].value = text or None
    status = ui.label("").classes("text-caption").mark("case-count")
    columns = [{"name": n, "label": t(k), "field": n, "align": "right" if n in ("loss", "identifiers") else "left"}
               for n, k in (("case_no", "col.case_no"), ("reported", "col.reported"), ("victim", "col.victim"),
                            ("fraud_type", "col.fraud_type"), ("loss", "cases.loss_yuan"),
                            ("jurisdiction", "col.jurisdiction"), ("identifiers", "col.identifiers"),
                            ("status", "case.status"))]

    async def fetch(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        try:
            query = _case_query(fields)
            if ids:
                query = query.model_copy(update={"ids": ids})
            page = await call(service.search_cases, principal, query, limit, offset)
        except ValidationError as exc:
            show_error(_validation_messages(exc))
            return [], 0
        except DomainError as exc:
            show_error(exc)
            return [], 0
        status.set_text(t("cases.found", total=page.total))
        return [_case_row(c, places) for c in page.items], page.total

    listing = PagedTable(columns, fetch, rows_per_page=25)
    listing.table.mark("cases")
    listing.table.add_slot("body-cell-case_no", '<q-td :props="props"><a :href="\'/cases/\' + props.row.id">'
                                                '{{ props.row.case_no }}</a></q-td>')
    on_typing(fields["text"], listing.reload)
    for name in ("fraud_type", "district_code", "reported_from", "reported_to"):
        fields[name].on_value_change(listing.reload)
    await listing.show(1)


def _unroutable_row(item: UnroutableOut, choices: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {"id": item.identifier_id, "case_id": item.case_id, "case_no": item.case_no,
            "kind": label("identifier_kind", item.kind), "value": item.value,
            "enrichment": enrichment_text(item.kind, item.attrs), "reason": routing_reason_text(item.reason),
            "choices": [{"value": code, "label": name} for code, name in choices.get(_taker_kind(item), {}).items()]}


def _taker_kind(item: UnroutableOut) -> str:
    """Which partners may take the identifier: a card its bank, a mainland number a carrier, an overseas
    number an international gateway (only those are offered)."""
    if item.kind == "phone" and item.attrs.get("is_overseas"):
        return "overseas_phone"
    return item.kind


async def _unroutable_list(principal: Principal) -> None:
    """Identifiers waiting for a person to route them, a page at a time, each with its partner choice."""
    orgs = await call(list_orgs)
    banks = {o.code: local_name(o.name_zh, o.name_en) for o in orgs if o.kind == "bank"}
    carriers = {o.code: local_name(o.name_zh, o.name_en) for o in orgs if o.kind == "carrier"}
    gateways = {o.code: local_name(o.name_zh, o.name_en) for o in orgs if o.kind == "gateway"}
    columns = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
        ("case_no", "col.case_no"), ("kind", "col.kind"), ("value", "col.value"), ("enrichment", "col.enrichment"),
        ("reason", "col.reason"), ("route", "unroutable.route"))]

    async def fetch(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        page = await call(service.list_unroutable, principal, limit, offset)
        return [_unroutable_row(i, choices) for i in page.items], page.total

    choices = {"bank_card": banks, "phone": carriers, "overseas_phone": gateways}
    listing = PagedTable(columns, fetch, rows_per_page=25)
    listing.table.mark("unroutable")
    listing.table.add_slot("body-cell-case_no", '<q-td :props="props"><a :href="\'/cases/\' + props.row.case_id">'
                                                '{{ props.row.case_no }}</a></q-td>')
    listing.table.add_slot("body-cell-value", '<q-td :props="props" class="font-mono">{{ props.row.value }}</q-td>')
    listing.table.add_slot("body-cell-route", """<q-td :props="props">
        <q-select dense outlined emit-value map-options style="min-width: 12rem" :label="'""" + t("unroutable.route")
        + """'" :options="props.row.choices"
        @update:model-value="(org) => $parent.$emit('route', {id: props.row.id, org: org})" /></q-td>""")

    async def route(event: Any) -> None:
        try:
            await call(service.do_route_manually, principal, int(event.args["id"]), str(event.args["org"]))
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("unroutable.routed"), type="positive")
        await listing.show(int(listing.table.pagination.get("page") or 1))

    listing.table.on("route", route)
    await listing.show(1)


LINKED_CASES.append(service.cases_involving)  # the risk page names the cases a checked identifier is in


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
    async def cases_page(q: str = "", ids: str = "") -> None:
        principal = await require("cases")
        if principal is None:
            return
        frame(principal, "cases")
        ui.label(t("cases.title")).classes("text-h6")
        wanted = [int(part) for part in ids.split(",")
                  if part.strip().isdigit() and 1 <= int(part) < 2**31][:MAX_LISTED_IDS]
        await _case_list(principal, q[:512], wanted or None)

    @ui.page("/cases/{case_id}")
    async def case_detail(case_id: int) -> None:
        principal = await require("cases")
        if principal is None:
            return
        frame(principal, "cases")
        await CaseView(principal, case_id, _case_details).load()

    @ui.page("/unroutable")
    async def unroutable() -> None:
        principal = await require("unroutable")
        if principal is None:
            return
        frame(principal, "unroutable")
        ui.label(t("unroutable.title")).classes("text-h6")
        await _unroutable_list(principal)
