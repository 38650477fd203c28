"""Pages of cluster operations (集群作战): the operations and packages, one operation's progress by county
with the commander's and the counties' actions, and the experts' queue (专家会诊)."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from nicegui import ui

from antifraud.core import events
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import LOCAL_TZ, fmt_local
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.operations import service
from antifraud.operations.schemas import OperationOut, PackageOut, ReferralOut
from antifraud.ui.i18n import label, options, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require

TIME_FORMAT = "%Y-%m-%d %H:%M"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _columns(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in pairs]


OP_COLUMNS = (("id", "ops.id"), ("name", "ops.name"), ("cluster", "ops.cluster"), ("status", "ops.status"),
              ("takedown", "ops.takedown"), ("packages", "ops.packages"), ("arrested", "ops.arrested"),
              ("devices", "ops.devices"), ("frozen", "ops.frozen"))
PACKAGE_COLUMNS = (("operation", "ops.operation"), ("county", "ops.county"), ("status", "ops.status"),
                   ("officers", "ops.officers"), ("due", "ops.due"), ("arrested", "ops.arrested"),
                   ("devices", "ops.devices"), ("requested", "ops.freeze_requested"), ("frozen", "ops.frozen"))


def _package_row(p: PackageOut) -> dict[str, Any]:
    return {"id": p.id, "operation": p.operation_id, "name": p.operation_name, "county": p.county,
            "status": label("package_status", p.status), "officers": "、".join(p.officers),
            "due": fmt_local(p.due_at, TIME_FORMAT) + (f" ({t('ops.overdue')})" if p.overdue else ""),
            "arrested": p.arrested, "devices": p.devices_seized, "requested": _money(p.freeze_requested),
            "frozen": _money(p.frozen), "targets": len(p.targets)}


class OperationList:
    """The operations the user sees and the packages of their bureau, refreshed when anything changes."""

    def __init__(self, principal: Principal, runs: bool, cluster: int | None = None) -> None:
        self.principal = principal
        self.version = -1
        self.loaded = 0.0
        if runs:
            self.open_form(cluster)
        with card(t("ops.list")):
            self.ops = table_texts(ui.table(columns=_columns(*OP_COLUMNS), rows=[], row_key="id")
                                   ).classes("w-full").mark("operations")
            self.ops.add_slot("body-cell-id", '<q-td :props="props"><a :href="\'/operations/\' + props.row.id">'
                                              '{{ props.row.id }}</a></q-td>')
        with card(t("ops.my_packages")):
            self.packages = table_texts(ui.table(columns=_columns(*PACKAGE_COLUMNS), rows=[], row_key="id")
                                        ).classes("w-full").mark("packages")
            self.packages.add_slot("body-cell-operation", '<q-td :props="props"><a :href="\'/operations/\' + '
                                                          'props.row.operation">{{ props.row.operation }} · '
                                                          '{{ props.row.name }}</a></q-td>')

    def open_form(self, cluster_id: int | None) -> None:
        """The commander's form: open an operation on a cluster (given by the link that led here, if any)."""
        with card(t("ops.open")), ui.row().classes("items-end w-full"):
            cluster = ui.number(t("ops.cluster"), min=1, precision=0, value=cluster_id).mark("cluster")
            cluster.classes("w-40")
            cluster.props("data-testid=op-cluster")
            name = ui.input(t("ops.name")).mark("name").classes("w-80").props("data-testid=op-name")
            note = ui.input(t("ops.note")).mark("note").classes("w-96")

            async def submit() -> None:
                if not cluster.value:
                    show_error(ValidationFailed(t("ops.cluster_needed"), field=t("ops.cluster")))
                    return
                try:
                    op = await call(service.do_open_operation, self.principal, int(cluster.value),
                                    name.value or "", note.value or "")
                except DomainError as exc:
                    show_error(exc)
                    return
                ui.navigate.to(f"/operations/{op.id}")

            ui.button(t("ops.open_button"), on_click=submit).mark("open").props("data-testid=op-open")

    async def load(self) -> None:
        """Fetch the operations and packages."""
        self.version, self.loaded = events.version(service.TOPIC), time.monotonic()
        ops = await call(service.list_operations, self.principal)
        self.ops.rows = [{"id": o.id, "name": o.name, "cluster": o.cluster_id, "status": label("operation_status",
                                                                                             o.status),
                          "takedown": fmt_local(o.takedown_at, TIME_FORMAT),
                          "packages": f"{o.packages_done}/{o.packages}", "arrested": o.arrested,
                          "devices": o.devices_seized, "frozen": _money(o.frozen)} for o in ops]
        self.ops.update()
        packages = await call(service.list_packages, self.principal, open_only=False)
        self.packages.rows = [_package_row(p) for p in packages]
        self.packages.update()

    async def tick(self) -> None:
        """Refresh when an operation changed, or every thirty seconds."""
        if events.version(service.TOPIC) != self.version or time.monotonic() - self.loaded > 30:
            await self.load()


def progress_chart(op: OperationOut) -> dict[str, Any]:
    """ECharts options: each county's targets, arrests and devices seized, side by side."""
    counties = [p.county for p in op.package_list]
    return {"tooltip": {"trigger": "axis"}, "legend": {},
            "xAxis": {"type": "category", "data": counties}, "yAxis": {"type": "value"},
            "series": [{"name": t("ops.targets"), "type": "bar", "data": [len(p.targets) for p in op.package_list]},
                       {"name": t("ops.arrested"), "type": "bar", "data": [p.arrested for p in op.package_list]},
                       {"name": t("ops.devices"), "type": "bar",
                        "data": [p.devices_seized for p in op.package_list]}]}


class OperationView:
    """One operation: its state and takedown time, progress by county, and each package's work."""

    def __init__(self, principal: Principal, operation_id: int, runs: bool) -> None:
        self.principal = principal
        self.operation_id = operation_id
        self.runs = runs
        self.opened: set[int] = set()  # the packages the user unfolded stay unfolded when the page redraws
        self.version = -1
        self.body = ui.column().classes("w-full")

    async def load(self) -> None:
        """Fetch and draw the operation."""
        self.version = events.version(service.TOPIC)
        try:
            op = await call(service.get_operation, self.principal, self.operation_id)
        except DomainError as exc:
            self.body.clear()
            with self.body:
                ui.label(t("ops.not_found")).classes("text-negative")
                ui.label(exc.message).classes("text-caption")
            return
        self.body.clear()
        with self.body:
            self.render(op)

    async def tick(self) -> None:
        """Redraw when an operation changed."""
        if events.version(service.TOPIC) != self.version:
            await self.load()

    async def act(self, fn: Any, *args: Any) -> bool:
        """Run an action and redraw; errors are shown by field."""
        try:
            await call(fn, self.principal, *args)
        except DomainError as exc:
            show_error(exc)
            return False
        ui.notify(t("ops.saved"), type="positive")
        await self.load()
        return True

    def render(self, op: OperationOut) -> None:
        """Draw the operation."""
        with ui.row().classes("items-center"):
            ui.label(t("ops.title", n=op.id)).classes("text-h6")
            ui.label(op.name).classes("text-h6")
            ui.badge(label("operation_status", op.status)).mark("status")
        ui.link(t("ops.on_cluster", n=op.cluster_id), f"/clusters/{op.cluster_id}")
        with ui.row().mark("figures"):
            ui.label(t("ops.figure_packages", done=op.packages_done, total=op.packages))
            ui.label(t("ops.figure_arrested", count=op.arrested))
            ui.label(t("ops.figure_devices", n=op.devices_seized))
            ui.label(t("ops.figure_frozen", amount=_money(op.frozen)))
        ui.label(t("ops.takedown_at", at=fmt_local(op.takedown_at, TIME_FORMAT) if op.takedown_at
                   else t("ops.not_set"))).mark("takedown")
        if self.runs and op.status != "closed":
            self.command(op)
        with card(t("ops.by_county")):
            ui.echart(progress_chart(op)).classes("w-full h-64").mark("chart")
            table = table_texts(ui.table(columns=_columns(*PACKAGE_COLUMNS[1:]),
                                         rows=[_package_row(p) for p in op.package_list], row_key="id"))
            table.classes("w-full").mark("progress")
        for pkg in op.package_list:
            self.package(op, pkg)

    def command(self, op: OperationOut) -> None:
        """The commander's actions: the takedown time, taken down, closed."""
        with card(t("ops.command")), ui.row().classes("items-end"):
            when = ui.input(t("ops.takedown_input"), placeholder="2026-12-31 06:00").mark("takedown-at")
            when.classes("w-96")
            when.props("data-testid=takedown-at")

            async def set_time() -> None:
                try:
                    at = datetime.strptime((when.value or "").strip(), TIME_FORMAT).replace(tzinfo=LOCAL_TZ)
                except ValueError:
                    show_error(ValidationFailed(t("ops.bad_time"), field=t("ops.takedown_input")))
                    return
                await self.act(service.do_set_takedown, op.id, at)

            ui.button(t("ops.set_takedown"), on_click=set_time).mark("set-takedown").props("data-testid=set-takedown")
            ui.button(t("ops.take_down"), on_click=lambda: self.act(service.do_take_down, op.id)
                      ).props("color=negative").mark("take-down")
            ui.button(t("ops.close"), on_click=lambda: self.act(service.do_close_operation, op.id)
                      ).props("flat").mark("close")

    def package(self, op: OperationOut, pkg: PackageOut) -> None:
        """One package: its targets, results and (for those who work it) the county's actions."""
        title = f'{t("ops.package", org=pkg.county)} · {label("package_status", pkg.status)}'
        expansion = ui.expansion(title, value=pkg.id in self.opened or len(op.package_list) == 1,
                                 on_value_change=lambda e: self.opened.add(pkg.id) if e.value else
                                 self.opened.discard(pkg.id))
        with expansion.classes("w-full bg-white").mark(f"package-{pkg.county}"):
            cols = _columns(("kind", "ops.kind"), ("value", "ops.value"), ("bank", "ops.bank"),
                            ("location", "ops.location"), ("cases", "ops.cases"), ("rule", "ops.rule"))
            table_texts(ui.table(columns=cols, rows=[
                {"key": f"{x.kind}:{x.value}", "kind": label("link_kind", x.kind), "value": x.value, "bank": x.bank,
                 "location": x.location, "cases": len(x.case_ids), "rule": label("placement_rule", x.placed_by)}
                for x in pkg.targets], row_key="key")).classes("w-full")
            for r in pkg.results:
                ui.label(t("ops.result_line", at=fmt_local(r.recorded_at, TIME_FORMAT), by=r.recorded_by,
                           count=r.arrested, n=r.devices_seized, amount=_money(r.freeze_requested))
                         ).classes("text-caption").mark("result")
                if r.note:
                    ui.label(r.note).classes("text-caption")
            if self.principal.can(Permission.PACKAGE_WORK) and op.status != "closed" and pkg.status != "done":
                self.package_actions(pkg)

    def package_actions(self, pkg: PackageOut) -> None:
        """Assign officers, start, record results, finish."""
        with ui.row().classes("items-end"):
            officers = ui.input(t("ops.officers_input"), value="、".join(pkg.officers)).classes("w-96")
            officers.mark(f"officers-{pkg.county}").props(f"data-testid=officers-{pkg.county}")

            async def assign() -> None:
                names = [n for n in (officers.value or "").replace("、", ",").split(",") if n.strip()]
                await self.act(service.do_assign_officers, pkg.id, names)

            ui.button(t("ops.assign"), on_click=assign).mark(f"assign-{pkg.county}").props(
                f"data-testid=assign-{pkg.county}")
            if pkg.status == "open":
                ui.button(t("ops.start"), on_click=lambda: self.act(service.do_start_package, pkg.id)
                          ).mark(f"start-{pkg.county}").props(f"data-testid=start-{pkg.county}")
        if pkg.status != "in_progress":
            return
        with ui.row().classes("items-end"):
            arrested = ui.number(t("ops.arrested"), min=0, precision=0, value=0).classes("w-28")
            arrested.mark(f"arrested-{pkg.county}").props(f"data-testid=arrested-{pkg.county}")
            devices = ui.number(t("ops.devices"), min=0, precision=0, value=0).classes("w-28")
            card_no = ui.input(t("ops.freeze_card")).classes("w-64").mark(f"freeze-card-{pkg.county}")
            amount = ui.input(t("ops.freeze_amount")).classes("w-40").mark(f"freeze-amount-{pkg.county}")
            note = ui.input(t("ops.note")).classes("w-64")

            async def record() -> None:
                freezes: list[tuple[str, Decimal]] = []
                if (card_no.value or "").strip():
                    try:
                        freezes.append((card_no.value.strip(), Decimal((amount.value or "").strip())))
                    except InvalidOperation:
                        show_error(ValidationFailed(t("ops.bad_amount"), field=t("ops.freeze_amount")))
                        return
                await self.act(service.do_record_result, pkg.id, int(arrested.value or 0), int(devices.value or 0),
                               freezes, note.value or "")

            ui.button(t("ops.record"), on_click=record).mark(f"record-{pkg.county}").props(
                f"data-testid=record-{pkg.county}")
            ui.button(t("ops.finish"), on_click=lambda: self.act(service.do_finish_package, pkg.id)
                      ).props("flat").mark(f"finish-{pkg.county}")


class ExpertQueue:
    """The experts' queue: referred clusters and cases with why, their findings, and the experts' forms."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.version = -1
        with ui.row().classes("items-center"):
            self.status = ui.toggle({"waiting": t("experts.waiting"), "answered": t("experts.answered")},
                                    value="waiting", on_change=self.load).mark("queue-status")
            self.rule = ui.label("").classes("text-caption").mark("rule")
        if principal.can(Permission.CLUSTER_WORK) or principal.can(Permission.EXPERT_WORK):
            self.refer_form()
        self.body = ui.column().classes("w-full")

    def refer_form(self) -> None:
        """Send a cluster or case to the experts by hand, as difficult."""
        with card(t("experts.refer")), ui.row().classes("items-end"):
            subject = ui.select(options("referral_subject"), value="cluster").classes("w-32").mark("subject")
            number = ui.number(t("experts.subject_id"), min=1, precision=0).classes("w-40").mark("subject-id")
            note = ui.input(t("experts.why")).classes("w-96").mark("why")

            async def refer() -> None:
                if not number.value:
                    show_error(ValidationFailed(t("experts.subject_needed"), field=t("experts.subject_id")))
                    return
                await self.act(service.do_mark_difficult, subject.value, int(number.value), note.value or "")

            ui.button(t("experts.refer_button"), on_click=refer).mark("refer")

    async def act(self, fn: Any, *args: Any) -> None:
        """Run an action and redraw; errors are shown by field."""
        try:
            await call(fn, self.principal, *args)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("ops.saved"), type="positive")
        await self.load()

    async def load(self) -> None:
        """Fetch and draw the queue."""
        self.version = events.version(service.EXPERT_TOPIC)
        rule = await call(service.read_expert_rule, self.principal)
        self.rule.text = t("experts.rule", amount=_money(rule.major_loss), count=rule.major_victims)
        rows = await call(service.expert_queue, self.principal, self.status.value)
        self.body.clear()
        with self.body:
            if not rows:
                ui.label(t("experts.empty"))
            for row in rows:
                self.referral(row)

    async def tick(self) -> None:
        """Redraw when a referral arrived or was answered."""
        if events.version(service.EXPERT_TOPIC) != self.version:
            await self.load()

    def referral(self, row: ReferralOut) -> None:
        """One referred cluster or case."""
        path = f"/clusters/{row.subject_id}" if row.subject == "cluster" else f"/cases/{row.subject_id}"
        with ui.card().classes("w-full").mark("referral"):
            with ui.row().classes("items-center"):
                title = (t("experts.cluster", n=row.label) if row.subject == "cluster"
                         else t("experts.case", case_no=row.label))
                ui.link(title, path).classes("text-bold")
                for reason in row.reasons:
                    ui.badge(label("referral_reason", reason), color="orange")
            ui.label(t("experts.figures", amount=_money(row.loss), count=row.victims,
                       at=fmt_local(row.flagged_at, TIME_FORMAT)))
            if row.difficult_note:
                ui.label(t("experts.why_line", reason=row.difficult_note)).classes("text-caption")
            for f in row.findings:
                with ui.column().classes("gap-0").mark("finding"):
                    ui.label(t("experts.finding_by", by=f.author, at=fmt_local(f.created_at, TIME_FORMAT))
                             ).classes("text-caption")
                    ui.label(t("experts.finding")).classes("text-bold")
                    ui.label(f.finding)
                    ui.label(t("experts.recommendation")).classes("text-bold")
                    ui.label(f.recommendation)
            if self.principal.can(Permission.EXPERT_WORK):
                with ui.row().classes("items-end w-full"):
                    finding = ui.textarea(t("experts.finding")).classes("w-96").mark(f"finding-{row.id}")
                    advice = ui.textarea(t("experts.recommendation")).classes("w-96").mark(f"advice-{row.id}")
                    ui.button(t("experts.submit"), on_click=lambda: self.act(
                        service.do_add_finding, row.id, finding.value or "", advice.value or "")
                    ).mark(f"submit-{row.id}")


def register() -> None:
    """Add the operations and experts pages to the UI."""

    @ui.page("/operations")
    async def operations_page(cluster: int | None = None) -> None:
        principal = await require("operations")
        if principal is None:
            return
        frame(principal, "operations")
        ui.label(t("ops.list_title")).classes("text-h6")
        view = OperationList(principal, await call(service.runs_operations, principal), cluster)
        await view.load()
        ui.timer(2.0, view.tick)

    @ui.page("/operations/{operation_id}")
    async def operation_page(operation_id: int) -> None:
        principal = await require("operations")
        if principal is None:
            return
        frame(principal, "operations")
        view = OperationView(principal, operation_id, await call(service.runs_operations, principal))
        await view.load()
        ui.timer(2.0, view.tick)

    @ui.page("/experts")
    async def experts_page() -> None:
        principal = await require("experts")
        if principal is None:
            return
        frame(principal, "experts")
        ui.label(t("experts.title")).classes("text-h6")
        view = ExpertQueue(principal)
        await view.load()
        ui.timer(2.0, view.tick)
