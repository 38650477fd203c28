"""Case linking's pages (串并案): the cluster list, a cluster with its link chart and the analysts' actions,
and the hubs with their rule."""

from __future__ import annotations

import re
import time
from typing import Any

from nicegui import events as ui_events
from nicegui import ui

from antifraud.core import events
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import fmt_local
from antifraud.core.errors import DomainError, ValidationFailed
from antifraud.linking import service
from antifraud.linking.schemas import ClusterOut, HubsOut
from antifraud.ui.i18n import label, options, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require

PAGE_SIZE = 25
KIND_COLOURS = {"case": "#1e3a8a", "bank_card": "#dc2626", "phone": "#16a34a", "domain": "#9333ea",
                "ip": "#ea580c", "app": "#0891b2", "device": "#65a30d", "payment_account": "#db2777"}


def _summary_row(c: Any) -> dict[str, Any]:
    return {"id": c.id, "size": c.size, "victims": c.victims, "loss": f"{c.loss:,.2f}",
            "types": "、".join(label("fraud_type", f) for f in c.fraud_types), "growth": c.growth_week,
            "last": fmt_local(c.last_reported_at) if c.last_reported_at else "",
            "status": label("cluster_status", c.status), "analyst": c.claimed_by or ""}


LIST_COLUMNS = (("id", "clusters.id"), ("size", "clusters.size"), ("victims", "clusters.victims"),
                ("loss", "clusters.loss"), ("types", "clusters.types"), ("growth", "clusters.growth"),
                ("last", "clusters.last"), ("status", "clusters.status"), ("analyst", "clusters.analyst"))


class ClusterList:
    """The list of clusters with search and paging, refreshed when linking changes anything."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.page = 0
        self.version = -1
        self.loaded = 0.0
        self.notices = ui.column().classes("w-full")
        with ui.row().classes("items-center w-full"):
            self.search = ui.input(t("clusters.search")).props("clearable dense").classes("w-96").mark("search")
            self.total = ui.label("")
        cols = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in LIST_COLUMNS]
        self.table = table_texts(ui.table(columns=cols, rows=[], row_key="id")).classes("w-full").mark("clusters")
        self.table.add_slot("body-cell-id", '<q-td :props="props"><a :href="\'/clusters/\' + props.row.id">'
                                            '{{ props.row.id }}</a></q-td>')
        self.table.props("hide-pagination")
        with ui.row().classes("items-center"):
            ui.button(t("clusters.prev"), on_click=lambda: self.turn(-1)).props("flat dense")
            self.page_label = ui.label("")
            ui.button(t("clusters.next"), on_click=lambda: self.turn(1)).props("flat dense")
        self.search.on("keydown.enter", self.first_page)
        self.search.on("clear", self.first_page)

    async def first_page(self) -> None:
        """Search from the first page."""
        self.page = 0
        await self.load()

    async def turn(self, step: int) -> None:
        """Go to the previous or next page."""
        self.page = max(0, self.page + step)
        await self.load()

    async def load(self) -> None:
        """Fetch the page of clusters and the analyst's notices."""
        self.version, self.loaded = events.version(service.TOPIC), time.monotonic()
        found = await call(service.list_clusters, self.principal, search=self.search.value or None,
                           limit=PAGE_SIZE, offset=self.page * PAGE_SIZE)
        if self.page and not found.items and found.total:
            self.page = (found.total - 1) // PAGE_SIZE
            return await self.load()
        self.table.rows = [_summary_row(c) for c in found.items]
        self.table.update()
        self.total.text = t("clusters.total", total=found.total)
        self.page_label.text = t("clusters.page", n=self.page + 1)
        await self.show_notices()

    async def show_notices(self) -> None:
        """The cases that joined the clusters this analyst works."""
        notes = await call(service.notifications, self.principal)
        self.notices.clear()
        if not notes:
            return
        with self.notices, card(t("clusters.notices", n=len(notes))):
            for n in notes[:10]:
                ui.link(f"{t('clusters.notice', case_no=n.case_no)} {n.cluster_id}",
                        f"/clusters/{n.cluster_id}").mark("notice")

            async def read() -> None:
                await call(service.do_read_notifications, self.principal)
                await self.load()

            ui.button(t("clusters.notices_read"), on_click=read).props("flat dense")

    async def tick(self) -> None:
        """Refresh when linking changed something, or every thirty seconds."""
        if events.version(service.TOPIC) != self.version or time.monotonic() - self.loaded > 30:
            await self.load()


_REASONS = (  # the engine's reasons (as `antifraud link` prints them), in the reader's language
    (re.compile(r"reported in case (?P<case_no>\S+)$"), "gang.reason.reported"),
    (re.compile(r"talked with (?P<count>\d+) reporting victims among (?P<total>\d+) numbers \((?P<value>[\d.]+) "
                r"expected by chance\)$"), "gang.reason.talked"),
    (re.compile(r"reached (?P<count>\d+) of the cluster's victims among (?P<total>\d+) numbers \((?P<value>[\d.]+) "
                r"expected by chance\)$"), "gang.reason.reached"),
    (re.compile(r"used by gang number (?P<account>\S+)$"), "gang.reason.ip_of"),
    (re.compile(r"on the same address (?P<value>\S+) as gang number (?P<account>\S+)$"), "gang.reason.same_ip"),
    (re.compile(r"visited by (?P<n>\d+) gang numbers and (?P<count>\d+) victims, (?P<total>\d+) numbers in all$"),
     "gang.reason.visited"),
    (re.compile(r"tier (?P<n>\d+) of the money of case (?P<case_no>\S+): (?P<amount>\S+) in$"), "gang.reason.tier"),
    (re.compile(r"collects from (?P<n>\d+) of the gang's cards and pays nothing on$"), "gang.reason.cash_out"),
    (re.compile(r"the victim of case (?P<case_no>\S+) paid it$"), "gang.reason.victim_paid"),
    (re.compile(r"handset of gang number (?P<account>\S+)$"), "gang.reason.handset_of"),
    (re.compile(r"in the same handset (?P<value>\S+) as gang number (?P<account>\S+)$"), "gang.reason.same_handset"),
    (re.compile(r"in the reported handset (?P<value>\S+)$"), "gang.reason.reported_handset"),
)


def reason_text(reason: str) -> str:
    """One reason of a gang member, in the reader's language (an unknown one as the engine wrote it)."""
    for pattern, key in _REASONS:
        found = pattern.match(reason)
        if found:
            return t(key, **found.groupdict())
    return reason


def link_chart(cluster: ClusterOut) -> tuple[dict[str, Any], list[list[str]]]:
    """ECharts graph options (cases and the identifiers they share, coloured by kind) and each node's evidence."""
    kinds = ["case", *sorted({s.kind for s in cluster.shared})]
    categories = [{"name": t("cluster.case_node") if k == "case" else label("link_kind", k),
                   "itemStyle": {"color": KIND_COLOURS.get(k, "#6b7280")}} for k in kinds]
    nodes: list[dict[str, Any]] = []
    evidence: list[list[str]] = []
    number = {c.case_id: c.case_no for c in cluster.cases}
    for c in cluster.cases:
        nodes.append({"id": f"case:{c.case_id}", "name": c.case_no, "category": 0, "symbolSize": 18})
        evidence.append([t("cluster.evidence_case", case_no=c.case_no, type=label("fraud_type", c.fraud_type),
                           amount=f"{c.loss_amount:,.2f}", at=fmt_local(c.reported_at))])
    edges = []
    for s in cluster.shared:
        node_id = f"{s.kind}:{s.value}"
        nodes.append({"id": node_id, "name": s.value, "category": kinds.index(s.kind), "symbol": "diamond",
                      "symbolSize": 12 + 2 * min(len(s.case_ids), 10)})
        lines = [t("cluster.evidence_identifier", type=label("link_kind", s.kind), account=s.value,
                   n=len(s.case_ids))]
        lines += [t("cluster.evidence_link", case_no=x.case_b_no, at=fmt_local(x.linked_at))
                  for x in cluster.links if x.kind == s.kind and x.value == s.value]
        lines += [number.get(i, str(i)) for i in s.case_ids]
        if s.shared_with:
            lines.append(t("cluster.shared_with", names=", ".join(str(c) for c in s.shared_with)))
        evidence.append(lines)
        edges += [{"source": f"case:{i}", "target": node_id} for i in s.case_ids]
    options_ = {"tooltip": {}, "legend": [{"data": [c["name"] for c in categories]}],
                "series": [{"type": "graph", "layout": "force", "roam": True, "draggable": True,
                            "label": {"show": len(nodes) <= 60, "position": "right"},
                            "force": {"repulsion": 120, "edgeLength": 60}, "categories": categories,
                            "data": nodes, "links": edges}]}
    return options_, evidence


def _reason_dialog(title: str, name: str, extra: Any = None) -> tuple[ui.dialog, ui.input, list[Any]]:
    """A dialog asking for a reason (and whatever ``extra`` builds); returns it, the reason and extras."""
    with ui.dialog() as dialog, ui.card().classes("w-[32rem]"):
        ui.label(title).classes("text-subtitle1 text-bold")
        extras = [extra()] if extra else []
        reason = ui.textarea(t("cluster.reason")).classes("w-full").mark(f"{name}-reason")
    return dialog, reason, extras


class ClusterView:
    """A cluster: figures, actions, the link chart with its evidence, cases, links, hubs and decisions."""

    def __init__(self, principal: Principal, cluster_id: int) -> None:
        self.principal = principal
        self.cluster_id = cluster_id
        self.changed = False
        self.busy = False  # an action of this page is running: it redraws the page itself
        self.body = ui.column().classes("w-full")
        ui.context.client.on_disconnect(events.subscribe(service.TOPIC, self.heard))

    def heard(self, _topic: str, payload: dict[str, Any]) -> None:
        """Linking changed clusters (told from any thread): note whether this one is among them."""
        if self.cluster_id in payload.get("clusters", ()):
            self.changed = True

    async def tick(self) -> None:
        """Redraw when this cluster changed (a new case joined, an analyst acted elsewhere)."""
        if self.changed and not self.busy:
            await self.load()

    async def load(self) -> None:
        """Fetch and draw the cluster."""
        self.changed = False  # what was heard until now is in what is fetched now
        try:
            cluster = await call(service.get_cluster, self.principal, self.cluster_id)
        except DomainError as exc:
            self.body.clear()
            with self.body:
                ui.label(t("cluster.not_found")).classes("text-negative")
                ui.label(exc.message).classes("text-caption")
            return
        self.body.clear()
        with self.body:
            self.render(cluster)

    async def act(self, fn: Any, *args: Any, dialog: ui.dialog | None = None) -> None:
        """Run an analyst's action, close its dialog and redraw; errors are shown by field, the dialog stays."""
        self.busy = True
        try:
            await call(fn, self.principal, *args)
        except DomainError as exc:
            show_error(exc)
            return
        finally:
            self.busy = False
        if dialog is not None:
            dialog.close()
        ui.notify(t("cluster.saved"), type="positive")
        await self.load()

    def render(self, cluster: ClusterOut) -> None:
        """Draw the cluster."""
        with ui.row().classes("items-center"):
            ui.label(t("cluster.title", n=cluster.id)).classes("text-h6")
            ui.badge(label("cluster_status", cluster.status),
                     color="positive" if cluster.status == "confirmed" else "primary").mark("status")
        if cluster.status == "dissolved" and cluster.merged_into_id:
            ui.link(t("cluster.dissolved", n=cluster.merged_into_id), f"/clusters/{cluster.merged_into_id}")
        ui.label(t("cluster.figures", cases=cluster.size, count=cluster.victims, amount=f"{cluster.loss:,.2f}"))
        ui.label("、".join(label("fraud_type", f) for f in cluster.fraud_types)).classes("text-caption")
        if cluster.claimed_by:
            ui.label(t("cluster.claimed_by", by=cluster.claimed_by)).classes("text-caption")
        if cluster.confirmed_by and cluster.confirmed_at:
            ui.label(t("cluster.confirmed_by", by=cluster.confirmed_by, at=fmt_local(cluster.confirmed_at)))
        self.actions(cluster)
        with card(t("cluster.chart")), ui.row().classes("w-full no-wrap items-start"):
            chart_options, evidence = link_chart(cluster)

            def show(e: ui_events.EChartPointClickEventArguments) -> None:
                detail.clear()
                with detail:
                    ui.label(t("cluster.evidence")).classes("text-bold")
                    for line in evidence[e.data_index] if 0 <= e.data_index < len(evidence) else []:
                        ui.label(line).classes("text-caption")

            ui.echart(chart_options, on_point_click=show).classes("w-2/3 h-[480px]").mark("chart")
            detail = ui.column().classes("w-1/3").mark("evidence")
        self.tables(cluster)
        self.gang(cluster)

    def gang(self, cluster: ClusterOut) -> None:
        """The whole gang: the cluster expanded over the imported flows, on request (it reads the flows)."""
        with card(t("gang.title")):
            body = ui.column().classes("w-full").mark("gang")

            async def expand() -> None:
                try:
                    gang = await call(service.gang_of_cluster, self.principal, cluster.id)
                except DomainError as exc:
                    show_error(exc)
                    return
                body.clear()
                with body:
                    ui.label(t("gang.figures", total=gang.calls, count=gang.visits, n=gang.transfers)).classes(
                        "text-caption").mark("gang-figures")
                    if not gang.calls and not gang.visits and not gang.transfers:
                        ui.label(t("gang.none")).classes("text-caption")
                    cols = [{"name": n, "label": t(f"gang.{n}"), "field": n, "align": "left"}
                            for n in ("kind", "value", "role", "reported", "score", "reasons")]
                    table_texts(ui.table(columns=cols, row_key="id", pagination=25, rows=[
                        {"id": i, "kind": label("link_kind", m.kind), "value": m.value,
                         "role": label("gang_role", m.role) + (f" · {t('gang.tier', n=m.tier)}" if m.tier else ""),
                         "reported": t("gang.was_reported") if m.reported else t("gang.was_found"),
                         "score": f"{m.score:.2f}", "reasons": "；".join(reason_text(r) for r in m.reasons[:3])}
                        for i, m in enumerate(gang.members)])).classes("w-full").mark("gang-members")

            ui.button(t("gang.expand"), icon="hub", on_click=expand).props("outline").mark("gang-expand")

    def actions(self, cluster: ClusterOut) -> None:
        """Claim, confirm, split, merge and export."""
        with ui.row():
            if self.principal.can(Permission.CLUSTER_WORK) and cluster.status != "dissolved":
                if cluster.claimed_by is None:
                    ui.button(t("cluster.claim"), on_click=lambda: self.act(service.do_claim_cluster, cluster.id)
                              ).mark("claim")
                self._confirm(cluster)
                self._split(cluster)
                self._merge(cluster)
            ui.button(t("cluster.export"), icon="download", on_click=lambda: self.export(cluster.id)).props(
                "flat").mark("export")

    async def export(self, cluster_id: int) -> None:
        """Download the cluster's evidence."""
        try:
            name, content = await call(service.do_export_cluster, self.principal, cluster_id)
        except DomainError as exc:
            show_error(exc)
            return
        ui.download.content(content, name)

    def _confirm(self, cluster: ClusterOut) -> None:
        dialog, reason, _ = _reason_dialog(t("cluster.confirm"), "confirm")
        with dialog, ui.row():
            async def ok() -> None:
                await self.act(service.do_confirm_cluster, cluster.id, reason.value or "", dialog=dialog)

            ui.button(t("cluster.ok"), on_click=ok).mark("confirm-ok")
            ui.button(t("cluster.cancel"), on_click=dialog.close).props("flat")
        ui.button(t("cluster.confirm"), color="positive", on_click=dialog.open).mark("confirm")

    def _split(self, cluster: ClusterOut) -> None:
        choices = {c.case_id: c.case_no for c in cluster.cases}
        dialog, reason, (chosen,) = _reason_dialog(
            t("cluster.split"), "split", lambda: ui.select(choices, multiple=True, label=t("cluster.split_cases")).classes(
                "w-full").props("use-chips").mark("split-cases"))
        with dialog, ui.row():
            async def ok() -> None:
                await self.act(service.do_split_cluster, cluster.id, list(chosen.value or []), reason.value or "",
                               dialog=dialog)

            ui.button(t("cluster.ok"), on_click=ok).mark("split-ok")
            ui.button(t("cluster.cancel"), on_click=dialog.close).props("flat")
        ui.button(t("cluster.split"), color="warning", on_click=dialog.open).mark("split")

    def _merge(self, cluster: ClusterOut) -> None:
        dialog, reason, (others,) = _reason_dialog(
            t("cluster.merge"), "merge", lambda: ui.input(t("cluster.merge_with")).classes("w-full").mark("merge-with"))
        with dialog, ui.row():
            async def ok() -> None:
                try:
                    ids = [int(x) for x in (others.value or "").replace("，", ",").split(",") if x.strip()]
                except ValueError:
                    show_error(ValidationFailed(t("cluster.bad_numbers"), field="cluster_ids"))
                    return
                await self.act(service.do_merge_clusters, [cluster.id, *ids], reason.value or "", dialog=dialog)

            ui.button(t("cluster.ok"), on_click=ok).mark("merge-ok")
            ui.button(t("cluster.cancel"), on_click=dialog.close).props("flat")
        ui.button(t("cluster.merge"), on_click=dialog.open).props("outline").mark("merge")

    def tables(self, cluster: ClusterOut) -> None:
        """The cases, the links with their evidence, the hubs and the analysts' decisions."""
        with card(t("cluster.cases")):
            cols = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
                ("case_no", "col.case_no"), ("fraud_type", "col.fraud_type"), ("loss", "col.loss"),
                ("reported", "col.reported"), ("jurisdiction", "col.jurisdiction"))]
            table = table_texts(ui.table(columns=cols, row_key="id", pagination=20, rows=[
                {"id": c.case_id, "case_no": c.case_no, "fraud_type": label("fraud_type", c.fraud_type),
                 "loss": f"{c.loss_amount:,.2f}", "reported": fmt_local(c.reported_at),
                 "jurisdiction": c.jurisdiction} for c in cluster.cases])).classes("w-full").mark("cases")
            table.add_slot("body-cell-case_no", '<q-td :props="props"><a :href="\'/cases/\' + props.row.id">'
                                                '{{ props.row.case_no }}</a></q-td>')
        with card(t("cluster.links")):
            cols = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
                ("a", "export.case_a"), ("b", "export.case_b"), ("kind", "hubs.kind"), ("value", "hubs.value"),
                ("at", "export.linked_at"))]
            table_texts(ui.table(columns=cols, row_key="id", pagination=20, rows=[
                {"id": i, "a": x.case_a_no, "b": x.case_b_no, "kind": label("link_kind", x.kind), "value": x.value,
                 "at": fmt_local(x.linked_at)} for i, x in enumerate(cluster.links)])).classes("w-full").mark("links")
        if cluster.hubs:
            with card(t("cluster.hubs")):
                for h in cluster.hubs:
                    ui.label(f"{label('link_kind', h.kind)} {h.value} · {label('hub_reason', h.reason)}"
                             ).classes("text-caption")
        if cluster.constraints:
            with card(t("cluster.constraints")):
                for c in cluster.constraints:
                    ui.label(t("cluster.constraint", type=label("constraint_kind", c.kind), n=len(c.side_a),
                               count=len(c.side_b), by=c.created_by, reason=c.reason)).classes("text-caption")


def _hub_rows(hubs: HubsOut) -> list[dict[str, Any]]:
    return [{"id": i, "kind": label("link_kind", h.kind), "kind_code": h.kind, "value": h.value,
             "decision": label("hub_decision", h.decision), "why": label("hub_reason", h.reason) + (
                 f" · {h.note}" if h.note else ""), "cases": h.cases, "by": h.created_by,
             "analyst": h.source == "analyst"} for i, h in enumerate(hubs.hubs)]


class HubsView:
    """The hub rule, the built-in lists, every hub met with why, and the analysts' own entries."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.body = ui.column().classes("w-full")

    async def load(self) -> None:
        """Fetch and draw the hubs."""
        hubs = await call(service.list_hubs, self.principal, limit=2000)
        self.body.clear()
        with self.body:
            self.render(hubs)

    async def act(self, fn: Any, *args: Any) -> None:
        """Run a change of the list or rule, then redraw."""
        try:
            await call(fn, self.principal, *args)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("hubs.relinked"), type="positive")
        await self.load()

    def render(self, hubs: HubsOut) -> None:
        """Draw the rule, the lists and the table."""
        rule = hubs.rule
        works = self.principal.can(Permission.CLUSTER_WORK)
        with card(t("hubs.rule", n=rule.min_cases, count=rule.min_groups, share=f"{rule.max_share:.0%}")):
            if works:
                with ui.row().classes("items-end"):
                    cases = ui.number(t("hubs.min_cases"), value=rule.min_cases, min=2, format="%d").mark("min-cases")
                    groups = ui.number(t("hubs.min_groups"), value=rule.min_groups, min=2, format="%d")
                    share = ui.number(t("hubs.max_share"), value=rule.max_share, min=0.05, max=1, step=0.05)
                    reason = ui.input(t("cluster.reason")).mark("rule-reason")
                    ui.button(t("hubs.save_rule"), on_click=lambda: self.act(
                        service.do_set_hub_rule, int(cases.value or 0), int(groups.value or 0),
                        float(share.value or 0), reason.value or "")).mark("save-rule")
        with card(t("hubs.builtin")):
            ui.label(t("hubs.service_numbers", names="、".join(hubs.service_numbers))).classes("text-caption")
            ui.label(t("hubs.big_domains", names="、".join(hubs.big_domains))).classes("text-caption")
            ui.label(t("hubs.big_apps", names="、".join(hubs.big_apps))).classes("text-caption")
        if works:
            self._add_form()
        with card(t("hubs.list", total=hubs.total)):
            cols = [{"name": n, "label": t(k), "field": n, "align": "left"} for n, k in (
                ("kind", "hubs.kind"), ("value", "hubs.value"), ("decision", "hubs.decision"), ("why", "hubs.why"),
                ("cases", "hubs.cases"), ("by", "hubs.by"))]
            table = table_texts(ui.table(columns=cols, rows=_hub_rows(hubs), row_key="id", pagination=30)).classes(
                "w-full").mark("hubs")
            if works:
                table.add_slot("body-cell-by", '<q-td :props="props">{{ props.row.by }} <q-btn v-if="props.row.analyst"'
                                               ' flat dense size="sm" icon="delete" '
                                               "@click=\"() => $parent.$emit('remove', props.row)\" /></q-td>")
                table.on("remove", lambda e: self.act(service.do_remove_hub, e.args["kind_code"], e.args["value"],
                                                      t("hubs.remove")))

    def _add_form(self) -> None:
        with card(t("hubs.add")), ui.row().classes("items-end"):
            kind = ui.select(options("link_kind"), value="phone", label=t("hubs.kind")).classes("w-40")
            value = ui.input(t("hubs.value")).mark("hub-value")
            decision = ui.select(options("hub_decision"), value="hub", label=t("hubs.decision")).classes("w-40")
            reason = ui.input(t("cluster.reason")).classes("w-64").mark("hub-reason")
            ui.button(t("hubs.add"), on_click=lambda: self.act(service.do_set_hub, kind.value, value.value or "",
                                                               decision.value, reason.value or "")).mark("hub-add")


def register() -> None:
    """Add the clusters and hubs pages to the UI."""

    @ui.page("/clusters")
    async def clusters_page() -> None:
        principal = await require("clusters")
        if principal is None:
            return
        frame(principal, "clusters")
        ui.label(t("clusters.title")).classes("text-h6")
        view = ClusterList(principal)
        await view.load()
        ui.timer(2.0, view.tick)

    @ui.page("/clusters/{cluster_id}")
    async def cluster_page(cluster_id: int) -> None:
        principal = await require("clusters")
        if principal is None:
            return
        frame(principal, "clusters")
        view = ClusterView(principal, cluster_id)
        await view.load()
        ui.timer(2.0, view.tick)

    @ui.page("/hubs")
    async def hubs_page() -> None:
        principal = await require("hubs")
        if principal is None:
            return
        frame(principal, "hubs")
        ui.label(t("hubs.title")).classes("text-h6")
        view = HubsView(principal)
        await view.load()
