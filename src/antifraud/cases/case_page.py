"""The case page (/cases/{id}): status, investigator, bureau, the timeline, and the forms that work a case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import events, ui

from antifraud.cases import service
from antifraud.cases.files import MAX_ATTACHMENT_BYTES, served_media_type
from antifraud.cases.history import case_timeline
from antifraud.cases.schemas import CaseOut, IdentifierIn
from antifraud.cases.words import timeline_text
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import fmt_local
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.orgs.service import list_orgs
from antifraud.ui.i18n import label, local_name, options, t
from antifraud.ui.layout import call, card, show_error

STATUS_COLOURS = {"filed": "grey-8", "under_investigation": "primary", "linked": "purple", "solved": "positive",
                  "closed": "grey-6", "transferred": "orange"}


class CaseView:
    """One case on its page; every form calls one service function and the page redraws from the database."""

    def __init__(self, principal: Principal, case_id: int, render_details: Callable[[CaseOut], None]) -> None:
        self.principal, self.case_id, self.render_details = principal, case_id, render_details
        self.bureaus: dict[str, str] = {}
        self.body = ui.column().classes("w-full")

    async def load(self) -> None:
        """Read the case and its timeline and draw the page."""
        try:
            case = await call(service.get_case, self.principal, self.case_id)
            timeline = await call(case_timeline, self.principal, self.case_id)
        except DomainError as exc:
            self.body.clear()
            with self.body:
                ui.label(exc.message).classes("text-negative")
            return
        if not self.bureaus:
            self.bureaus = {o.code: local_name(o.name_zh, o.name_en) for o in await call(list_orgs, "police")
                            if o.level in ("city", "county")}
        self.body.clear()
        with self.body:
            self._header(case)
            self.render_details(case)
            if self.principal.can(Permission.CASE_WORK):
                self._work_forms(case)
            self._attachments(case)
            with card(t("case.timeline")):
                if not timeline:
                    ui.label(t("case.no_timeline"))
                for entry in timeline:
                    with ui.row().classes("w-full no-wrap gap-3 items-start").mark("timeline-entry"):
                        ui.label(fmt_local(entry.at)).classes("text-caption text-grey-8 w-36 shrink-0")
                        ui.label(entry.actor or "").classes("text-caption w-40 shrink-0")
                        ui.label(timeline_text(entry)).classes("whitespace-pre-wrap")

    async def act(self, fn: Callable[..., Any], *args: Any) -> bool:
        """Run one service call for this case; tell the user what went wrong, else redraw."""
        try:
            await call(fn, self.principal, self.case_id, *args)
        except DomainError as exc:
            show_error(exc)
            return False
        ui.notify(t("case.saved"), type="positive")
        await self.load()
        return True

    def _header(self, case: CaseOut) -> None:
        with ui.row().classes("items-center"):
            ui.label(t("cases.detail", case_no=case.case_no)).classes("text-h6").mark("case-title")
            ui.button(t("cases.trace"), icon="account_tree",
                      on_click=lambda: ui.navigate.to(f"/tracing/{case.id}")).props("flat")
        with card(t("case.status")), ui.row().classes("items-center gap-6"):
            ui.badge(label("case_status", case.status), color=STATUS_COLOURS.get(case.status, "primary")).props(
                "data-testid=case-status").mark("case-status")
            if case.cluster_ref:
                ui.link(t("case.linked_into", code=case.cluster_ref), f"/clusters/{case.cluster_ref}").mark(
                    "case-cluster")
            ui.label(f"{t('case.assignee')}：{case.assignee or t('case.unassigned')}").mark("case-assignee")
            ui.label(f"{t('case.bureau')}：{self.bureaus.get(case.bureau, case.bureau)}").mark("case-bureau")
            if self.principal.can(Permission.CASE_MANAGE):
                ui.button(t("case.change_status"), icon="flag", on_click=lambda: self._status_dialog(case)).props(
                    "outline").mark("open-status")
                ui.button(t("case.assign"), icon="person_add", on_click=lambda: self._assign_dialog(case)).props(
                    "outline").mark("open-assign")

    def _status_dialog(self, case: CaseOut) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-96"):
            ui.label(t("case.change_status")).classes("text-subtitle1 text-bold")
            choices = {s: label("case_status", s) for s in case.next_statuses}
            status = ui.select(choices, label=t("case.new_status")).classes("w-full").mark("new-status")
            reason = ui.textarea(t("case.reason")).classes("w-full").mark("status-reason")
            bureau = ui.select({c: n for c, n in self.bureaus.items() if c != case.bureau},
                               label=t("case.transfer_to")).classes("w-full").mark("transfer-bureau")
            bureau.bind_visibility_from(status, "value", backward=lambda v: v == "transferred")

            async def save() -> None:
                if not status.value:
                    show_error(ValidationFailed(t("case.new_status"), field="status"))
                    return
                if await self.act(service.do_change_case_status, status.value, reason.value or "", bureau.value):
                    dialog.close()

            with ui.row():
                ui.button(t("case.save"), on_click=save).mark("save-status")
                ui.button(t("case.cancel"), on_click=dialog.close).props("flat")
        dialog.open()

    def _assign_dialog(self, case: CaseOut) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-96"):
            ui.label(t("case.assign")).classes("text-subtitle1 text-bold")
            assignee = ui.input(t("case.assignee"), value=case.assignee or "").classes("w-full").mark("assignee")
            bureau = ui.select(self.bureaus, value=case.bureau if case.bureau in self.bureaus else None,
                               label=t("case.bureau")).classes("w-full").mark("bureau")

            async def save() -> None:
                new_bureau = bureau.value if bureau.value != case.bureau else None
                new_assignee = (assignee.value or "").strip()
                if await self.act(service.do_assign_case,
                                  new_assignee if new_assignee != (case.assignee or "") else None, new_bureau):
                    dialog.close()

            with ui.row():
                ui.button(t("case.save"), on_click=save).mark("save-assign")
                ui.button(t("case.cancel"), on_click=dialog.close).props("flat")
        dialog.open()

    def _work_forms(self, case: CaseOut) -> None:
        with card(t("case.add_identifier")), ui.row().classes("w-full items-center"):
            kind = ui.select(options("identifier_kind"), value="bank_card",
                             label=t("intake.identifier_kind")).classes("w-36").mark("identifier-kind")
            value = ui.input(t("intake.identifier_value")).classes("grow").mark("identifier-value")
            amount = ui.input(t("case.amount")).classes("w-48").props("inputmode=decimal").mark("identifier-amount")

            async def add_identifier() -> None:
                try:
                    item = IdentifierIn(kind=kind.value, value=value.value or "",
                                        amount=(amount.value or "").replace(",", "") or None)
                except ValueError:
                    show_error(ValidationFailed(t("case.amount"), field="amount"))
                    return
                await self.act(service.do_add_case_identifier, item)

            ui.button(t("case.add_identifier"), icon="add", on_click=add_identifier).mark("add-identifier")
        with card(t("case.add_note")):
            note = ui.textarea(t("case.note")).classes("w-full").mark("note-text")
            ui.button(t("case.add_note"), icon="note_add",
                      on_click=lambda: self.act(service.do_add_case_note, note.value or "")).mark("add-note")
        with card(t("case.correct")), ui.row().classes("w-full items-center"):
            field = ui.select(options("case_field"), label=t("case.field")).classes("w-48").mark("correct-field")
            new_value = ui.input(t("case.new_value")).classes("grow").mark("correct-value")
            reason = ui.input(t("case.reason")).classes("w-64").mark("correct-reason")

            async def correct() -> None:
                if not field.value:
                    show_error(ValidationFailed(t("case.field"), field="field"))
                    return
                await self.act(service.do_correct_case, field.value, new_value.value, reason.value or "")

            ui.button(t("case.save"), icon="edit", on_click=correct).mark("save-correction")

    def _attachments(self, case: CaseOut) -> None:
        with card(t("case.attachments")):
            for a in case.attachments:
                with ui.row().classes("items-center gap-4").mark("attachment"):
                    ui.label(a.filename)
                    ui.label(f"{a.media_type} · {a.size:,} B · SHA-256 {a.sha256[:12]}").classes(
                        "text-caption text-grey-8")
                    ui.button(t("case.download"), icon="download",
                              on_click=lambda _e, i=a.id: self._download(i)).props("flat dense")
            if self.principal.can(Permission.CASE_WORK):
                ui.upload(label=t("case.add_attachment"), on_upload=self._received, auto_upload=True,
                          max_file_size=MAX_ATTACHMENT_BYTES).props(
                    'accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.csv,.html,.htm"').classes("w-96").mark("upload")

    async def _received(self, e: events.UploadEventArguments) -> None:
        await self.act(service.do_add_case_attachment, e.file.name, await e.file.read())

    async def _download(self, attachment_id: int) -> None:
        """The file goes to the browser only as a download, under its own name."""
        try:
            out, content = await call(service.attachment_file, self.principal, self.case_id, attachment_id)
        except DomainError as exc:
            show_error(exc)
            return
        ui.download.content(content, out.filename, served_media_type(out.media_type))
