"""The tracing workbench (资金追踪): statements in, the flow by tier, stop every reached card."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from nicegui import events, ui

from antifraud.core.auth import Principal
from antifraud.core.clock import fmt_local
from antifraud.core.errors import DomainError
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import RequestOut
from antifraud.jobs import service as jobs
from antifraud.tracing import service
from antifraud.tracing.schemas import ImportOut, ReachedCard, StopPlanOut, StopSkip, TraceIn, TraceOut
from antifraud.ui.i18n import label, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require

STATUS_COLOURS = {None: "#9e9e9e", "pending": "#fb8c00", "acknowledged": "#1e88e5", "completed": "#43a047"}


def flow_chart_options(trace: TraceOut) -> dict[str, Any]:
    """ECharts options: cards as nodes in columns by tier, transfers carrying victim's money as edges."""
    by_tier: dict[int, list[Any]] = defaultdict(list)
    for c in trace.reached:
        by_tier[c.tier].append(c)
    nodes = [{"name": "victim", "x": 0, "y": 0, "symbolSize": 28, "itemStyle": {"color": "#e53935"},
              "label": {"show": True, "formatter": t("tracing.victim")}}]
    for tier, cards in by_tier.items():
        for i, c in enumerate(cards):
            size = 14 + min(30, float(c.amount_held) ** 0.33)
            nodes.append({"name": c.account, "x": tier * 260, "y": (i - len(cards) / 2) * 46,
                          "symbolSize": size, "itemStyle": {"color": STATUS_COLOURS.get(c.request_status, "#9e9e9e")},
                          "value": f"{c.amount_held:,.2f}",
                          "label": {"show": True, "formatter": f"{c.bank_code or '?'} …{c.account[-4:]}"}})
    names = {n["name"] for n in nodes}
    seeds = {s.account for s in trace.seeds}
    links = [{"source": "victim", "target": a, "label": {"show": False}} for a in seeds if a in names]
    links += [{"source": e.from_account, "target": e.to_account,
               "value": str(e.attributed), "label": {"show": True, "formatter": str(e.attributed), "fontSize": 9}}
              for e in trace.edges if e.from_account in names and e.to_account in names]
    return {
        "tooltip": {"formatter": "{b}: {c}"},
        "series": [{"type": "graph", "layout": "none", "roam": True, "data": nodes, "links": links,
                    "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 7,
                    "lineStyle": {"opacity": 0.7, "curveness": 0.1}, "label": {"position": "bottom", "fontSize": 10}}],
    }


def _card_rows(trace: TraceOut) -> list[dict[str, Any]]:
    return [{"account": c.account, "tier": c.tier, "bank": c.bank_code or "", "first": fmt_local(c.first_arrival),
             "in": f"{c.amount_in:,.2f}", "out": f"{c.amount_out:,.2f}", "held": f"{c.amount_held:,.2f}",
             "request": label("request_status", c.request_status) + (
                 f" · {label('outcome', c.request_outcome)}" if c.request_outcome else ""),
             "proposed": t("tracing.proposed") if c.proposed else "",
             "statement": label("statement", c.statement) + (
                 "" if c.statement == "supplied" else f" · {t('stmt.unknown_onward')}")} for c in trace.reached]


def _edge_rows(trace: TraceOut) -> list[dict[str, Any]]:
    return [{"txn": e.txn_id, "time": fmt_local(e.time), "from": e.from_account, "to": e.to_account,
             "amount": str(e.amount), "attributed": str(e.attributed), "tier": e.tier}
            for e in sorted(trace.edges, key=lambda x: x.time)]


def _table(columns: list[tuple[str, str]], rows: list[dict[str, Any]], key: str) -> ui.table:
    cols = [{"name": n, "label": t(k), "field": n, "align": "left", "sortable": True} for n, k in columns]
    return table_texts(ui.table(columns=cols, rows=rows, row_key=key, pagination=25)).classes("w-full")


CARD_COLUMNS = [("tier", "tracing.tier"), ("account", "col.account"), ("bank", "tracing.bank"),
                ("first", "tracing.first_arrival"), ("in", "tracing.in"), ("out", "tracing.out"),
                ("held", "tracing.held"), ("statement", "stmt.col"), ("request", "tracing.request"),
                ("proposed", "tracing.next")]
MISSING_COLUMNS = [("tier", "tracing.tier"), ("account", "col.account"), ("bank", "tracing.bank"),
                   ("held", "tracing.held"), ("statement", "stmt.col")]
EDGE_COLUMNS = [("time", "col.time"), ("txn", "tracing.txn"), ("from", "tracing.from"), ("to", "tracing.to"),
                ("amount", "col.amount"), ("attributed", "tracing.attributed"), ("tier", "tracing.tier")]


async def _workbench(principal: Principal, case_id: int) -> None:
    body = ui.column().classes("w-full")
    state: dict[str, TraceOut | None] = {"trace": None}

    def render(trace: TraceOut | None) -> None:
        state["trace"] = trace
        body.clear()
        with body:
            if trace is None:
                ui.label(t("tracing.not_traced"))
                return
            ui.label(t("tracing.summary", n=len(trace.reached), held=f"{trace.total_held:,.2f}",
                       left=f"{trace.left_trace:,.2f}", rule=trace.rule, at=fmt_local(trace.created_at),
                       by=trace.created_by)).props("data-testid=trace-summary")
            unknown = [c for c in trace.reached if c.statement != "supplied"]
            if unknown:
                ui.label(t("stmt.summary_unknown", n=len(unknown))).classes("text-warning").props(
                    "data-testid=trace-unknown")
            _missing_statements(trace, unknown, request_statements)
            if trace.capped:
                ui.label(t("tracing.capped", n=len(trace.capped))).classes("text-warning")
                for hub in trace.capped:
                    ui.label(t("tracing.capped_hub", account=hub.account, kept=hub.kept,
                               dropped=hub.dropped, amount=f"{hub.amount:,.2f}")).classes(
                        "text-warning text-caption")
            with card(t("tracing.flow")):
                ui.echart(flow_chart_options(trace)).classes("w-full h-[480px]")
            with card(t("tracing.cards")):
                _table(CARD_COLUMNS, _card_rows(trace), "account")
            with card(t("tracing.timeline")):
                _table(EDGE_COLUMNS, _edge_rows(trace), "txn")

    async def run_trace() -> None:
        try:
            trace = await call(service.do_trace_case, principal, case_id,
                               TraceIn(rule=rule.value, max_tiers=int(tiers.value or 5),
                                       window_hours=float(window.value) if window.value else None,
                                       fanout_cap=int(cap.value) if cap.value else None))
        except DomainError as exc:
            show_error(exc)
            return
        render(trace)

    async def request_statements() -> None:
        try:
            out = await call(service.do_request_statements, principal, case_id)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("stmt.requested", n=len(out.requested), skipped=len(out.skipped)), type="positive")
        render(await call(service.latest_trace, principal, case_id))

    async def stop_all() -> None:
        try:
            plan = await call(service.stop_plan, principal, case_id)
        except DomainError as exc:
            show_error(exc)
            return
        _confirm_stop_all(plan, send_stop_all)

    async def send_stop_all() -> None:
        try:
            out = await call(service.do_stop_all_reached, principal, case_id)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("stopall.done", n=len(out.requested), skip=len(out.skipped)), type="positive",
                  multi_line=True)
        render(await call(service.latest_trace, principal, case_id))
        if out.skipped:
            with body, card(t("stopall.skipped_title")):
                for skip in out.skipped:
                    ui.label(f"{skip.account} · {_skip_reason(skip)}").classes("text-caption")

    async def export() -> None:
        if state["trace"] is None:
            return
        try:
            trace, content = await call(service.trace_export, principal, case_id)
        except DomainError as exc:
            show_error(exc)
            return
        ui.download.content(content, f"trace-{trace.case_no}.xlsx")

    with ui.row().classes("items-end gap-4"):
        rule = ui.select({r: label("rule", r) for r in ("fifo", "proportional", "poison")}, value="fifo",
                         label=t("tracing.rule")).classes("w-48")
        tiers = ui.number(t("tracing.tiers"), value=5, min=1, max=10, step=1).classes("w-24")
        window = ui.number(t("tracing.window"), value=72, min=1, max=24 * 90, step=1).classes("w-32").props(
            "clearable data-testid=trace-window").mark("trace-window")
        cap = ui.number(t("tracing.fanout_cap"), value=200, min=1, max=100_000, step=10).classes("w-44").props(
            "clearable data-testid=trace-cap").mark("trace-cap")
        ui.button(t("tracing.run"), icon="account_tree", on_click=run_trace).props("data-testid=trace-run")
        ui.button(t("tracing.stop_all"), icon="block", color="negative", on_click=stop_all).props(
            "data-testid=trace-stop")
        ui.button(t("tracing.export"), icon="download", on_click=export).props("flat")
    try:
        render(await call(service.latest_trace, principal, case_id))
    except DomainError:
        render(None)


def _missing_statements(trace: TraceOut, unknown: list[ReachedCard], on_request: Any) -> None:
    """Listed first: the reached cards whose statement is not in, with one action asking for all of them."""
    with card(t("stmt.missing_title", n=len(unknown))):
        if not unknown:
            ui.label(t("stmt.none_missing")).classes("text-caption")
            return
        ui.label(t("stmt.missing_hint")).classes("text-caption")
        _table(MISSING_COLUMNS, [r for r in _card_rows(trace) if r["account"] in {c.account for c in unknown}],
               "account")
        asking = [c for c in unknown if c.statement != "requested"]
        if asking:
            ui.button(t("stmt.request_all", n=len(asking)), icon="receipt_long", on_click=on_request).props(
                "data-testid=request-statements")


def _skip_reason(skip: StopSkip) -> str:
    """Why stop-all leaves a card alone, in the user's language."""
    return t(f"stopall.reason.{skip.reason}", until=fmt_local(skip.valid_until, "%Y-%m-%d %H:%M"))


def _confirm_stop_all(plan: StopPlanOut, on_confirm: Any) -> None:
    """The cards stop-all would send to and skip (card, bank, amount, tier), sent only once confirmed."""
    rows = [{"account": c.account, "bank": c.bank_code or "", "tier": c.tier, "held": f"{c.amount_held:,.2f}",
             "action": t("stopall.send") if c.send else _skip_reason(c.skip) if c.skip else ""}
            for c in plan.cards]
    with ui.dialog() as dialog, ui.card().classes("w-[56rem] max-w-full").props("data-testid=stop-plan"):
        ui.label(t("stopall.title")).classes("text-h6")
        ui.label(t("stopall.plan", n=plan.to_send, amount=f"{plan.amount_to_stop:,.2f}", skip=plan.to_skip))
        _table([("tier", "tracing.tier"), ("account", "col.account"), ("bank", "tracing.bank"),
                ("held", "stopall.amount"), ("action", "stopall.action")], rows, "account")

        async def confirm() -> None:
            dialog.close()
            await on_confirm()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            if plan.to_send:
                ui.button(t("stopall.confirm", n=plan.to_send), color="negative", on_click=confirm).props(
                    "data-testid=stop-confirm")
            else:
                ui.label(t("stopall.nothing"))
    dialog.open()


def _show_import(out: ImportOut) -> None:
    """What an import kept, skipped and rejected, with links to the cases it traced again."""
    ui.label(t("tracing.imported", source=out.source, new=out.rows_new, dup=out.rows_duplicate,
               bad=out.rows_bad)).props("data-testid=import-result")
    for err in out.errors[:50]:
        ui.label(f"{err.file}:{err.line} {err.reason}").classes("text-negative text-caption")
    omitted = out.rows_bad - min(len(out.errors), 50)
    if omitted:
        ui.label(t("tracing.errors_omitted", n=omitted)).classes("text-negative text-caption")
    for case_id in out.retraced_cases:
        ui.link(t("tracing.retraced", case_id=case_id), f"/tracing/{case_id}")


def _follow_job(principal: Principal, out: ImportOut, box: ui.column) -> None:
    """A queued import's progress, polled until its job is done, then its result."""
    with box:
        status = ui.label(t("tracing.job_queued", source=out.source)).props("data-testid=import-job")
        bar = ui.linear_progress(value=0, show_value=False).classes("w-96")

    async def poll() -> None:
        try:
            job = await call(jobs.get_job, principal, out.job_id)
        except DomainError as exc:
            timer.deactivate()
            show_error(exc)
            return
        if job.state in ("queued", "running"):
            if job.rows_total:
                status.text = t("tracing.job_running", source=out.source, done=job.rows_done, total=job.rows_total)
                bar.value = job.rows_done / job.rows_total
            return
        timer.deactivate()
        box.clear()
        with box:
            if job.state == "done" and job.result is not None:
                _show_import(ImportOut.model_validate(job.result))
            else:
                ui.label(t("tracing.job_failed", source=out.source, reason=job.failure or "")).classes(
                    "text-negative")

    timer = ui.timer(1.0, poll)


def _upload(principal: Principal) -> None:
    result = ui.column()

    async def received(e: events.UploadEventArguments) -> None:
        try:
            out = await call(service.do_import_statement_file, principal, await e.file.read(), e.file.name)
        except DomainError as exc:
            show_error(exc)
            return
        result.clear()
        if out.state == "queued":
            _follow_job(principal, out, result)
            return
        with result:
            _show_import(out)

    ui.upload(label=t("tracing.upload"), on_upload=received, auto_upload=True, multiple=True).props(
        'accept=".csv,.xlsx"').classes("w-96")


def _refusal(req: RequestOut, field: str, msg: str) -> str:
    """A refused line of a statement answer in the user's language: another card, or outside the period."""
    line = field.removeprefix("file:")
    reason = msg.split(f"line {line}: ", 1)[-1]
    if not line.isdigit():
        return msg
    if reason.startswith("card:"):
        return t("stmt.refused_card", line=line, account=req.account)
    if reason.startswith("time:"):
        return t("stmt.refused_period", line=line, start=fmt_local(req.period_from), end=fmt_local(req.period_to))
    return t("stmt.refused_line", line=line, reason=reason)


def _answered(box: ui.column, rows: int) -> None:
    with box:
        ui.label(t("stmt.answered", n=rows)).classes("text-positive").props("data-testid=answer-done")
        ui.label(t("stmt.retrace_queued")).classes("text-caption")


def _follow_answer(principal: Principal, req: RequestOut, job_id: int, box: ui.column, upload: ui.upload) -> None:
    """A large statement read by a job: its progress until the request is completed, or the lines refused."""
    with box:  # the notice stays when the job ends, so the bank sees how its file was taken
        ui.label(t("stmt.answer_queued", job=job_id)).props("data-testid=answer-job")
        progress = ui.column()
    with progress:
        status = ui.label("")
        bar = ui.linear_progress(value=0, show_value=False).classes("w-96")

    async def poll() -> None:
        try:
            job = await call(jobs.get_job, principal, job_id)
        except DomainError as exc:
            timer.deactivate()
            show_error(exc)
            return
        if job.state in ("queued", "running"):
            if job.rows_total:
                status.text = t("stmt.answer_storing", done=job.rows_done, total=job.rows_total)
                bar.value = job.rows_done / job.rows_total
            return
        timer.deactivate()
        progress.delete()
        if job.state == "done" and job.result is not None:
            _answered(box, int(job.result["statement"]["rows_total"]))
            return
        with box:
            ui.label(t("stmt.answer_refused")).classes("text-negative").props("data-testid=answer-refused")
            for e in job.errors[:50]:
                ui.label(_refusal(req, f"file:{e['line']}", f"line {e['line']}: {e['reason']}")).classes(
                    "text-negative text-caption")
            if not job.errors:
                ui.label(job.failure or "").classes("text-negative text-caption")
        upload.set_visibility(True)

    timer = ui.timer(1.0, poll)


async def _statement_answer(principal: Principal, request_id: int) -> None:
    """A bank liaison answers one statement request by uploading the card's statement."""
    try:
        req = await call(dispatch.open_statement_request, principal, request_id)
    except DomainError:
        ui.label(t("stmt.not_open")).classes("text-warning")
        ui.link(t("stmt.back"), "/queue")
        return
    ui.label(t("stmt.answer_title", account=req.account)).classes("text-h6 font-mono")
    ui.label(f"{req.case_no} · {label('fraud_type', req.fraud_type)} · {t('partner.tier')} {req.tier or ''} · "
             f"{t('partner.deadline')} {fmt_local(req.due_at, '%m-%d %H:%M')}")
    ui.label(t("stmt.answer_period", start=fmt_local(req.period_from), end=fmt_local(req.period_to)))
    ui.label(t("stmt.answer_rule")).classes("text-caption")
    result = ui.column()

    async def received(e: events.UploadEventArguments) -> None:
        result.clear()
        try:
            out = await call(service.do_answer_statement_request, principal, request_id, await e.file.read(),
                             e.file.name)
        except DomainError as exc:
            with result:
                ui.label(t("stmt.answer_refused")).classes("text-negative").props("data-testid=answer-refused")
                for field, msg in exc.errors[:50]:
                    ui.label(_refusal(req, field, msg)).classes("text-negative text-caption")
            return
        upload.set_visibility(False)
        if out.job_id is not None:
            _follow_answer(principal, req, out.job_id, result, upload)
            return
        _answered(result, out.statement.rows_total)

    upload = ui.upload(label=t("stmt.answer_upload"), on_upload=received, auto_upload=True).props(
        'accept=".csv,.xlsx"').classes("w-96")
    ui.link(t("stmt.back"), "/queue")


def register() -> None:
    """Add the tracing pages to the UI."""

    @ui.page("/queue/statement/{request_id}")
    async def statement_answer(request_id: int) -> None:
        principal = await require("queue")
        if principal is None:
            return
        frame(principal, "queue")
        await _statement_answer(principal, request_id)

    @ui.page("/tracing")
    async def tracing_home() -> None:
        principal = await require("tracing")
        if principal is None:
            return
        frame(principal, "tracing")
        ui.label(t("tracing.title")).classes("text-h6")
        with card(t("tracing.statements")):
            _upload(principal)
        with card(t("tracing.open_case")):
            case_no = ui.input(t("col.case_no")).props("clearable")

            async def open_case() -> None:
                from antifraud.cases.service import list_cases

                found = await call(list_cases, principal, 1, 0, None, (case_no.value or "").strip())
                if found:
                    ui.navigate.to(f"/tracing/{found[0].id}")
                else:
                    ui.notify(t("common.none"))

            case_no.on("keydown.enter", open_case)

    @ui.page("/tracing/{case_id}")
    async def tracing_case(case_id: int) -> None:
        principal = await require("tracing")
        if principal is None:
            return
        frame(principal, "tracing")
        ui.label(t("tracing.case_title", case_id=case_id)).classes("text-h6")
        ui.link(t("tracing.back_to_case"), f"/cases/{case_id}")
        await _workbench(principal, case_id)
