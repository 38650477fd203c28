"""Prevention pages: the public lessons (/learn), the knowledge base, campaigns, and partners' campaign work."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nicegui import ui

from antifraud.analytics.breakdown import AGE_BANDS
from antifraud.core import events
from antifraud.core.auth import Permission
from antifraud.core.clock import LOCAL_TZ, fmt_local, now
from antifraud.core.errors import DomainError
from antifraud.identifiers import JINHUA_DIVISIONS
from antifraud.prevention import engine, service
from antifraud.prevention.schemas import (
    AudienceIn,
    CampaignIn,
    CampaignOut,
    CampaignPushOut,
    CampaignWorkOut,
    DecisionIn,
    DeliveryIn,
    EffectOut,
    FindingRef,
    KnowledgeIn,
    KnowledgeOut,
)
from antifraud.ui.i18n import label, local_name, options, t
from antifraud.ui.layout import call, card, show_error, table_texts
from antifraud.ui.session import frame, require

_DISTRICTS = {d.code: d for d in JINHUA_DIVISIONS}
FIELDS = ("title", "signs", "lesson", "sms", "packaging")


def _today() -> date:
    return now().astimezone(LOCAL_TZ).date()


def _district_options() -> dict[str, str]:
    return {d.code: local_name(d.name_zh, d.name_en) for d in JINHUA_DIVISIONS}


def _lines(values: list[str]) -> str:
    return "\n".join(values)


# ---------------------------------------------------------------- /learn


def _lesson_card(item: KnowledgeOut) -> None:
    with ui.expansion(local_name(item.title_zh, item.title_en)).classes("w-full bg-white rounded").props(
            "data-testid=lesson"):
        ui.label(t("learn.signs")).classes("text-bold")
        with ui.column().classes("gap-1"):
            for sign in local_name(_lines(item.signs_zh), _lines(item.signs_en)).splitlines():
                ui.label(f"• {sign}")
        ui.label(t("learn.lesson")).classes("text-bold q-mt-sm")
        ui.label(local_name(item.lesson_zh, item.lesson_en))
        ui.label(local_name(item.sms_zh, item.sms_en)).classes("text-caption text-blue-10 q-mt-sm")


async def _learn_page() -> None:
    ui.query("body").classes("bg-grey-1")
    with ui.column().classes("w-full max-w-md mx-auto q-pa-sm gap-2"):
        ui.label(t("learn.title")).classes("text-h5 text-bold text-blue-10")
        ui.label(t("learn.intro"))
        ui.link(t("learn.risk"), "/risk").classes("text-lg text-bold").props("data-testid=risk-link")
        items = await call(service.knowledge)
        if not items:
            ui.label(t("learn.none"))
        for item in items:
            _lesson_card(item)
        ui.label(t("learn.hotline")).classes("text-caption q-mt-md")


# ---------------------------------------------------------------- knowledge base


def _count(text: str, most: int) -> str:
    return t("knowledge.count", count=len(text), most=most)


async def _knowledge_page(principal: Any) -> None:
    ui.label(t("knowledge.title")).classes("text-h6")
    for item in await call(service.knowledge):
        with card(local_name(item.title_zh, item.title_en)):
            ui.label(t("knowledge.version", version=item.version, by=item.edited_by,
                       at=fmt_local(item.edited_at, "%Y-%m-%d %H:%M"))).classes("text-caption text-grey-8")
            ui.label(f"{t('knowledge.sms')}: {item.sms_zh} ({_count(item.sms_zh, engine.SMS_MAX)})")
            ui.label(f"{t('knowledge.packaging')}: {item.packaging_zh} "
                     f"({_count(item.packaging_zh, engine.PACKAGING_MAX)})")
            ui.link(t("knowledge.edit"), f"/knowledge/{item.category}").props(f"data-testid=edit-{item.category}")


def _version_view(item: KnowledgeOut) -> None:
    title = t("knowledge.version", version=item.version, by=item.edited_by,
              at=fmt_local(item.edited_at, "%Y-%m-%d %H:%M"))
    with ui.expansion(f"{title} {item.note}").classes("w-full").props("data-testid=version"):
        for lang in ("zh", "en"):
            ui.label(getattr(item, f"title_{lang}")).classes("text-bold")
            for sign in getattr(item, f"signs_{lang}"):
                ui.label(f"• {sign}")
            ui.label(getattr(item, f"lesson_{lang}"))
            ui.label(f"{t('knowledge.sms')}: {getattr(item, f'sms_{lang}')}")
            ui.label(f"{t('knowledge.packaging')}: {getattr(item, f'packaging_{lang}')}")


async def _edit_page(principal: Any, category: str) -> None:
    try:
        versions = await call(service.knowledge_versions, principal, category)
        stories = await call(service.case_stories, principal, category)
    except DomainError as exc:
        show_error(exc)
        return
    current = versions[0]
    ui.label(t("knowledge.edit_title", type=local_name(current.title_zh, current.title_en))).classes("text-h6")
    inputs: dict[str, Any] = {}
    with ui.row().classes("w-full gap-4 items-start"):
        for lang in ("zh", "en"):
            with ui.column().classes("flex-1 min-w-80"):
                for name in FIELDS:
                    key = f"{name}_{lang}"
                    value = getattr(current, key)
                    if name == "signs":
                        widget = ui.textarea(t(f"knowledge.{key}"), value=_lines(value)).props("autogrow")
                    elif name == "lesson":
                        widget = ui.textarea(t(f"knowledge.{key}"), value=value).props("autogrow")
                    else:
                        widget = ui.input(t(f"knowledge.{key}"), value=value).props("counter")
                    inputs[key] = widget.classes("w-full").mark(key)
    note = ui.input(t("knowledge.note")).classes("w-full").mark("note")
    history = ui.column().classes("w-full")

    def show_versions(items: list[KnowledgeOut]) -> None:
        history.clear()
        with history:
            ui.label(t("knowledge.versions")).classes("text-subtitle1 text-bold")
            for item in items:
                _version_view(item)

    async def save() -> None:
        values = {k: ([s for s in w.value.splitlines() if s.strip()] if k.startswith("signs") else w.value or "")
                  for k, w in inputs.items()}
        try:
            saved = await call(service.do_edit_knowledge, principal, category,
                               KnowledgeIn(**values, note=note.value or ""))
        except (DomainError, ValueError) as exc:
            show_error(exc)
            return
        ui.notify(t("knowledge.saved", version=saved.version), type="positive")
        show_versions(await call(service.knowledge_versions, principal, category))

    ui.button(t("common.save"), on_click=save).mark("save")
    with card(t("knowledge.cases")):
        if not stories:
            ui.label(t("knowledge.no_cases")).classes("text-grey-8")
        for story in stories:
            district = local_name(*_district_names(story.district)) if story.district else t("knowledge.unknown")
            ui.label(t("knowledge.case_line", month=story.month, district=district,
                       age=label("age_band", story.age_band) or t("knowledge.unknown"),
                       loss=label("loss_band", story.loss_band))).classes("text-bold")
            ui.label(story.story).classes("text-grey-9").props("data-testid=story")
    show_versions(versions)


def _district_names(code: str) -> tuple[str, str]:
    division = _DISTRICTS.get(code)
    return (division.name_zh, division.name_en) if division else (code, code)


# ---------------------------------------------------------------- campaigns


def _audience_text(audience: dict[str, list[str]]) -> str:
    parts = []
    for key, group in (("districts", None), ("age_bands", "age_band"), ("occupations", "occupation"),
                       ("habits", "habit")):
        values = audience.get(key) or []
        if group is None:
            names = [local_name(*_district_names(v)) for v in values]
        else:
            names = [label(group, v) for v in values]
        parts.append(f"{t(f'campaign.{key}')}: {'、'.join(names) if names else t('campaign.anyone')}")
    return "；".join(parts)


def _campaign_row(c: CampaignOut) -> dict[str, Any]:
    return {"id": c.id, "title": c.title, "category": label("fraud_type", c.category),
            "channel": label("channel", c.channel), "partner": c.partner,
            "status": label("campaign_status", c.status), "status_code": c.status,
            "schedule": f"{c.starts_on:%m-%d} – {c.ends_on:%m-%d}"}


async def _campaigns_page(principal: Any) -> None:
    ui.label(t("campaign.list_title")).classes("text-h6")
    with ui.row().classes("items-end gap-4"):
        status = ui.select({"": t("campaign.all"), **options("campaign_status")}, value="",
                           label=t("campaign.status")).classes("w-40")
        if "create" in _may(principal):
            ui.button(t("campaign.new"), on_click=lambda: ui.navigate.to("/campaigns/new")).mark("new")
    columns = [{"name": n, "label": t(f"campaign.{n}"), "field": n, "align": "left"}
               for n in ("id", "title", "category", "channel", "partner", "status", "schedule")]
    table = table_texts(ui.table(columns=columns, rows=[], row_key="id", pagination=20)).classes("w-full").mark(
        "campaigns")
    table.add_slot("body-cell-title", '<q-td :props="props"><a :href="\'/campaigns/\' + props.row.id">'
                                      '{{ props.row.title }}</a></q-td>')

    async def load() -> None:
        rows = await call(service.list_campaigns, principal, status.value or None)
        table.rows = [_campaign_row(c) for c in rows]
        table.update()

    status.on_value_change(load)
    await load()


def _may(principal: Any) -> set[str]:
    allowed = set()
    if principal.can(Permission.PREVENTION_MANAGE):
        allowed.add("create")
    return allowed


async def _new_campaign_page(principal: Any, district: str, age_band: str, fraud_type: str, finding: str) -> None:
    ui.label(t("campaign.new")).classes("text-h6")
    ref = None
    if district in _DISTRICTS and fraud_type:
        ref = FindingRef(district=district, group={"age_band": age_band} if age_band in AGE_BANDS else {},
                         fraud_type=fraud_type, text=finding[:500])
        ui.label(t("campaign.from_finding", text=finding or district)).classes("text-blue-10").props(
            "data-testid=finding")
    categories = {c: label("fraud_type", c) for c in service.CATEGORIES}
    category_value = fraud_type if fraud_type in categories else next(iter(categories))
    default_title = ""
    if ref is not None:
        default_title = t("campaign.finding_title", place=local_name(*_district_names(district)),
                          type=label("fraud_type", category_value))
    title = ui.input(t("campaign.title"), value=default_title).classes("w-96").mark("title")
    with ui.row().classes("gap-4 items-end"):
        category = ui.select(categories, value=category_value, label=t("campaign.category")).classes("w-56").mark(
            "category")
        channel = ui.select(options("channel"), value="carrier_sms", label=t("campaign.channel")).classes(
            "w-56").mark("channel")
        partner = ui.select({}, label=t("campaign.partner")).classes("w-64").mark("partner")
    with card(t("campaign.audience")):
        districts = ui.select(_district_options(), multiple=True, value=[district] if ref else [],
                              label=t("campaign.districts")).classes("w-full").props("use-chips").mark("districts")
        bands = ui.select(options("age_band"), multiple=True, value=[age_band] if ref and age_band in AGE_BANDS else [],
                          label=t("campaign.age_bands")).classes("w-full").props("use-chips").mark("age_bands")
        occupations = ui.select(options("occupation"), multiple=True, value=[], label=t("campaign.occupations")
                                ).classes("w-full").props("use-chips")
        habits = ui.select(options("habit"), multiple=True, value=[], label=t("campaign.habits")).classes(
            "w-full").props("use-chips").mark("habits")
    with ui.row().classes("gap-4"):
        starts = ui.input(t("campaign.starts_on"), value=_today().isoformat()).mark("starts_on")
        ends = ui.input(t("campaign.ends_on"), value=(_today() + timedelta(days=13)).isoformat()).mark("ends_on")

    async def partners_of(channel_code: str) -> None:
        found = await call(service.partners, channel_code)
        partner.options = {code: local_name(zh, en) for code, zh, en in found}
        partner.value = found[0][0] if found else None
        partner.set_visibility(bool(found))
        partner.update()

    channel.on_value_change(lambda e: partners_of(e.value))
    await partners_of(channel.value)

    async def create() -> None:
        try:
            data = CampaignIn(
                title=title.value or "", category=category.value, channel=channel.value,
                audience=AudienceIn(districts=districts.value or [], age_bands=bands.value or [],
                                    occupations=occupations.value or [], habits=habits.value or []),
                partner=partner.value if channel.value != "app_push" else None,
                starts_on=date.fromisoformat(starts.value), ends_on=date.fromisoformat(ends.value), finding=ref)
            made = await call(service.do_create_campaign, principal, data)
        except (DomainError, ValueError) as exc:
            show_error(exc)
            return
        ui.navigate.to(f"/campaigns/{made.id}")

    ui.button(t("campaign.create"), on_click=create).mark("create")


def _effect_view(effect: EffectOut) -> None:
    with card(t("effect.title")):
        if effect.reason:
            ui.label(t(f"effect.{effect.reason}")).classes("text-grey-8").props("data-testid=effect")
            return
        assert effect.after is not None and effect.difference_ci and effect.ratio_ci
        periods = (t("effect.before", start=effect.before[0], end=effect.before[1]),
                   t("effect.after", start=effect.after[0], end=effect.after[1]))
        rows = []
        for name, before, after in (("target", effect.target_before, effect.target_after),
                                    ("control", effect.control_before, effect.control_after)):
            assert before is not None and after is not None
            rows.append({"group": t(f"effect.{name}"),
                         "before": t("effect.rate", count=before.reports, rate=f"{before.rate:.2f}"),
                         "after": t("effect.rate", count=after.reports, rate=f"{after.rate:.2f}")})
        columns = [{"name": "group", "label": t("effect.group"), "field": "group", "align": "left"},
                   {"name": "before", "label": periods[0], "field": "before", "align": "left"},
                   {"name": "after", "label": periods[1], "field": "after", "align": "left"}]
        table_texts(ui.table(columns=columns, rows=rows, row_key="group")).classes("w-full")
        low, high = effect.difference_ci
        ui.label(t("effect.difference", value=f"{effect.difference:+.2f}", low=f"{low:+.2f}",
                   high=f"{high:+.2f}")).props("data-testid=effect")
        ui.label(t("effect.ratio", value=f"{effect.ratio:.2f}", low=f"{effect.ratio_ci[0]:.2f}",
                   high=f"{effect.ratio_ci[1]:.2f}"))
        ui.label(t("effect.scope")).classes("text-caption text-grey-8")


ACTIONS = {"submit": service.do_submit_campaign, "approve": service.do_approve_campaign,
           "reject": service.do_reject_campaign, "send": service.do_send_campaign,
           "revise": service.do_revise_campaign, "close": service.do_close_campaign}


async def _campaign_page(principal: Any, campaign_id: int) -> None:
    body = ui.column().classes("w-full")

    async def render() -> None:
        try:
            c = await call(service.get_campaign, principal, campaign_id)
            effect = await call(service.campaign_effect, principal, campaign_id)
        except DomainError as exc:
            show_error(exc)
            return
        body.clear()
        with body:
            _campaign_view(c)
            note = ui.input(t("campaign.note")).classes("w-96").mark("decision-note") if c.actions else None
            with ui.row().classes("gap-2"):
                for action in c.actions:
                    ui.button(t(f"campaign.action.{action}"), on_click=lambda a=action: act(a, note)).mark(
                        f"action-{action}")
            _effect_view(effect)

    async def act(action: str, note: Any) -> None:
        args: tuple[Any, ...] = (principal, campaign_id)
        if action in ("approve", "reject"):
            args += (DecisionIn(note=(note.value if note else "") or ""),)
        try:
            done = await call(ACTIONS[action], *args)
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("campaign.done", status=label("campaign_status", done.status)), type="positive")
        await render()

    await render()


def _campaign_view(c: CampaignOut) -> None:
    ui.label(f"#{c.id} {c.title}").classes("text-h6")
    ui.label(label("campaign_status", c.status)).classes("text-subtitle1 text-bold text-blue-10").mark("status")
    with card(t("campaign.audience")):
        if c.finding:
            ui.label(t("campaign.from_finding", text=c.finding.get("text") or c.finding.get("district")))
        ui.label(_audience_text(c.audience))
    with card(t("campaign.message")):
        ui.label(f"{label('fraud_type', c.category)} · {label('channel', c.channel)} · {c.partner} · "
                 f"{c.starts_on} – {c.ends_on} · {t('campaign.knowledge_version', version=c.knowledge_version)}")
        ui.label(c.message).classes("text-blue-10").style("white-space: pre-line")
        ui.label(t("campaign.created", by=c.created_by, at=fmt_local(c.created_at, "%Y-%m-%d %H:%M"))).classes(
            "text-caption")
        if c.decided_by:
            ui.label(t("campaign.decided", by=c.decided_by, at=fmt_local(c.decided_at, "%Y-%m-%d %H:%M"),
                       note=c.decision_note or "—")).classes("text-caption")
    with card(t("campaign.delivery")):
        _delivery_text(c)
        if c.push is not None:
            _push_text(c.partner, c.push)


def _push_text(partner: str, push: CampaignPushOut) -> None:
    """Whether the work pushed to the organisation's endpoint has been taken."""
    if push.delivered_at is not None:
        text = t("campaign.push.delivered", org=partner, at=fmt_local(push.delivered_at, "%Y-%m-%d %H:%M"))
    elif push.attempts:
        text = t("campaign.push.retrying", org=partner, n=push.attempts)
    else:
        text = t("campaign.push.queued", org=partner)
    ui.label(text).classes("text-caption").mark("push")


def _delivery_text(c: CampaignWorkOut | CampaignOut) -> None:
    if c.reach_count is None:
        ui.label(t("campaign.not_reported")).classes("text-grey-8")
        return
    who = getattr(c, "reported_by", None) or c.partner
    ui.label(t("campaign.reached", count=f"{c.reach_count:,}", day=c.delivered_on, by=who)).props(
        "data-testid=delivery")
    if c.delivery_note:
        ui.label(c.delivery_note).classes("text-caption")


# ---------------------------------------------------------------- partners' campaign work


def _work_item(principal: Any, item: CampaignWorkOut, reload: Any) -> None:
    with card(f"#{item.id} {item.title}"):
        ui.label(f"{label('campaign_status', item.status)} · {label('channel', item.channel)} · "
                 f"{item.starts_on} – {item.ends_on}").classes("text-bold")
        ui.label(_audience_text(item.audience))
        ui.label(item.message).classes("text-blue-10").style("white-space: pre-line")
        _delivery_text(item)
        if item.status not in ("sent", "partly_delivered"):
            return
        with ui.row().classes("items-end gap-2"):
            outcome = ui.select({s: label("campaign_status", s) for s in ("delivered", "partly_delivered")},
                                value="delivered", label=t("work.outcome")).classes("w-40")
            reach = ui.number(t("work.reach"), min=0, precision=0, format="%d").classes("w-56").mark(
                f"reach-{item.id}")
            day = ui.input(t("work.delivered_on"), value=_today().isoformat()).classes("w-36")
            note = ui.input(t("campaign.note")).classes("w-64")

            async def report() -> None:
                try:
                    answer = DeliveryIn(outcome=outcome.value, reach_count=int(reach.value or 0),
                                        delivered_on=date.fromisoformat(day.value), note=note.value or "")
                    await call(service.do_report_delivery, principal, item.id, answer)
                except (DomainError, ValueError) as exc:
                    show_error(exc)
                    return
                ui.notify(t("work.sent"), type="positive")
                await reload()

            ui.button(t("work.submit"), on_click=report).mark(f"report-{item.id}")


async def _work_page(principal: Any) -> None:
    """The organisation's campaign work; a campaign sent to it appears without reloading the page."""
    ui.label(t("work.title")).classes("text-h6")
    body = ui.column().classes("w-full")
    state: dict[str, Any] = {"version": -1, "shown": None}

    async def load(force: bool = True) -> None:
        state["version"] = events.version(service.TOPIC)
        items = await call(service.campaign_work, principal)
        shown = [(i.id, i.status) for i in items]
        if not force and shown == state["shown"]:  # another organisation's campaign moved: keep the forms
            return
        state["shown"] = shown
        body.clear()
        with body:
            if not items:
                ui.label(t("work.none")).classes("text-grey-8")
            for item in items:
                _work_item(principal, item, load)

    async def tick() -> None:
        if events.version(service.TOPIC) != state["version"]:
            await load(force=False)

    await load()
    ui.timer(1.0, tick)


def register() -> None:
    """Add the prevention pages to the UI."""

    @ui.page("/learn")
    async def learn() -> None:
        await _learn_page()

    @ui.page("/knowledge")
    async def knowledge_page() -> None:
        principal = await require("knowledge")
        if principal is None:
            return
        frame(principal, "knowledge")
        await _knowledge_page(principal)

    @ui.page("/knowledge/{category}")
    async def knowledge_edit(category: str) -> None:
        principal = await require("knowledge")
        if principal is None:
            return
        frame(principal, "knowledge")
        await _edit_page(principal, category)

    @ui.page("/campaigns")
    async def campaigns() -> None:
        principal = await require("campaigns")
        if principal is None:
            return
        frame(principal, "campaigns")
        await _campaigns_page(principal)

    @ui.page("/campaigns/new")
    async def new_campaign(district: str = "", age_band: str = "", fraud_type: str = "", finding: str = "") -> None:
        principal = await require("campaigns")
        if principal is None:
            return
        frame(principal, "campaigns")
        await _new_campaign_page(principal, district, age_band, fraud_type, finding)

    @ui.page("/campaigns/{campaign_id}")
    async def campaign(campaign_id: int) -> None:
        principal = await require("campaigns")
        if principal is None:
            return
        frame(principal, "campaigns")
        await _campaign_page(principal, campaign_id)

    @ui.page("/campaign-work")
    async def work() -> None:
        principal = await require("campaign_work")
        if principal is None:
            return
        frame(principal, "campaign_work")
        await _work_page(principal)
