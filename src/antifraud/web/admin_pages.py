"""The administrator's page (系统管理): accounts, organisations, who is on duty, and the thresholds in force.

Accounts are created, changed, disabled and given new passwords here, each through `orgs.service`
(audited). The thresholds are the process's settings (environment variables ``ANTIFRAUD_*``, read once
at start): shown here, changed by an operator and a restart, so every process of a deployment agrees.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui
from pydantic import ValidationError

from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import fmt_local
from antifraud.core.errors import DomainError
from antifraud.desk.service import on_duty
from antifraud.dispatch.service import sla_seconds
from antifraud.orgs import service
from antifraud.orgs.schemas import UserChange, UserIn, UserOut
from antifraud.settings import get_settings
from antifraud.ui.i18n import label, local_name, options, t
from antifraud.ui.layout import call, show_error, table_texts
from antifraud.ui.paging import PagedTable, on_typing
from antifraud.ui.problems import mark_fields, refused_input
from antifraud.ui.session import frame, require

USER_COLUMNS = ("username", "display_name", "role", "org", "state", "second_factor", "created", "actions")


def _user_row(user: UserOut) -> dict[str, Any]:
    return {"id": user.username, "username": user.username, "display_name": user.display_name,
            "role": label("role", user.role), "role_code": user.role, "org": user.org,
            "state": t("admin.active") if user.active else t("admin.disabled"), "active": user.active,
            "second_factor": t("admin.yes") if user.second_factor else t("admin.no"),
            "created": fmt_local(user.created_at, "%Y-%m-%d")}


def _org_choices(orgs: list[Any]) -> dict[str, str]:
    return {o.code: f"{o.code} · {local_name(o.name_zh, o.name_en)}" for o in orgs}


def _user_dialog(principal: Principal, orgs: dict[str, str], row: dict[str, Any] | None, done: Any) -> None:
    """Create an account (row None) or change one: role, organisation, name."""
    with ui.dialog() as dialog, ui.card().classes("w-96"):
        ui.label(t("admin.new_user") if row is None else t("admin.change_user", by=row["username"])).classes(
            "text-bold")
        username = ui.input(t("field.username")).classes("w-full").mark("admin-username")
        password = ui.input(t("field.password"), password=True).classes("w-full").mark("admin-password")
        if row is not None:
            username.set_visibility(False)
            password.set_visibility(False)
        name = ui.input(t("admin.display_name"), value=row["display_name"] if row else "").classes("w-full")
        role = ui.select(options("role"), label=t("field.role"), value=row["role_code"] if row else None
                         ).classes("w-full").mark("admin-role")
        org = ui.select(orgs, label=t("field.org_code"), value=row["org"] if row else None,
                        with_input=True).classes("w-full").mark("admin-org")
        fields = {"username": username, "password": password, "role": role, "org": org, "display_name": name}

        async def save() -> None:
            for element in fields.values():
                element.error = None
            try:
                if row is None:
                    data = UserIn(username=username.value or "", password=password.value or "",
                                  role=role.value or "", org=org.value or "", display_name=name.value or "")
                    await call(service.do_open_account, principal, data)
                else:
                    change = UserChange(role=role.value, org=org.value, display_name=name.value)
                    await call(service.do_change_user, principal, row["username"], change)
            except (DomainError, ValidationError) as exc:
                refused = refused_input(exc) if isinstance(exc, ValidationError) else exc
                mark_fields(fields, refused)
                show_error(refused)
                return
            ui.notify(t("admin.saved"), type="positive")
            dialog.close()
            await done()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("common.save"), on_click=save).mark("admin-save")
    dialog.open()


async def _users_tab(principal: Principal) -> None:
    orgs = _org_choices(await call(service.list_orgs))
    with ui.row().classes("items-end gap-2"):
        search = ui.input(t("admin.find_user")).props("dense clearable").classes("w-64").mark("admin-search")
        create = ui.button(t("admin.new_user"), icon="person_add").props("flat").mark("admin-new")
    columns = [{"name": n, "label": t(f"admin.col.{n}"), "field": n, "align": "left"} for n in USER_COLUMNS]

    async def fetch(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        users, total = await call(service.list_users, principal, search.value or None, limit, offset)
        return [_user_row(u) for u in users], total

    listing = PagedTable(columns, fetch, rows_per_page=25, row_key="id")
    listing.table.mark("admin-users")
    listing.table.add_slot("body-cell-actions", f"""<q-td :props="props">
        <q-btn dense flat color="primary" label="{t('admin.change')}" @click="() => $parent.$emit('change', props.row)" />
        <q-btn dense flat color="primary" :label="props.row.active ? '{t('admin.disable')}' : '{t('admin.enable')}'"
               @click="() => $parent.$emit('toggle', props.row)" />
        <q-btn dense flat color="primary" label="{t('admin.reset')}" @click="() => $parent.$emit('reset', props.row)" />
        </q-td>""")

    async def again() -> None:
        await listing.show(int(listing.table.pagination.get("page") or 1))

    async def toggle(event: Any) -> None:
        try:
            await call(service.do_change_user, principal, event.args["username"],
                       UserChange(active=not event.args["active"]))
        except DomainError as exc:
            show_error(exc)
            return
        ui.notify(t("admin.saved"), type="positive")
        await again()

    async def reset(event: Any) -> None:
        try:
            answer = await call(service.do_reset_password, principal, event.args["username"])
        except DomainError as exc:
            show_error(exc)
            return
        with ui.dialog() as shown, ui.card():
            ui.label(t("admin.new_password", by=answer.username)).classes("text-bold")
            ui.label(answer.password).classes("font-mono text-h6").mark("admin-new-password")
            ui.label(t("admin.password_once")).classes("text-caption")
            ui.button(t("admin.close"), on_click=shown.close).props("flat")
        shown.open()

    listing.table.on("change", lambda e: _user_dialog(principal, orgs, e.args, again))
    listing.table.on("toggle", toggle)
    listing.table.on("reset", reset)
    create.on_click(lambda: _user_dialog(principal, orgs, None, again))
    on_typing(search, listing.reload)
    await listing.show(1)


async def _orgs_tab(principal: Principal) -> None:
    orgs = await call(service.organisations, principal)
    columns = [{"name": n, "label": t(f"admin.col.{n}"), "field": n, "align": "right" if n == "users" else "left"}
               for n in ("code", "name", "kind", "parent", "users")]
    rows = [{"id": o.code, "code": o.code, "name": local_name(o.name_zh, o.name_en),
             "kind": label("org_kind", o.kind) + " · " + label("org_level", o.level), "parent": o.parent or "",
             "users": o.users} for o in orgs]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id", pagination=25)).classes("w-full").mark("admin-orgs")


async def _roster_tab(principal: Principal) -> None:
    ui.label(t("admin.roster_help")).classes("text-caption")
    ui.link(t("admin.roster_open"), "/desk")
    duty = await call(on_duty, principal) if principal.can(Permission.DESK_READ) else []
    columns = [{"name": n, "label": t(f"admin.col.{n}"), "field": n, "align": "left"} for n in ("desk", "username", "until")]
    rows = [{"id": f"{d['desk']}-{d['username']}", "desk": d["desk"], "username": d["username"],
             "until": fmt_local(d["until"], "%m-%d %H:%M")} for d in duty]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full").mark("admin-roster")


def _thresholds_tab() -> None:
    settings = get_settings()
    ui.label(t("admin.thresholds_help")).classes("text-caption")
    threshold = settings.warning_threshold
    items = [
        ("sla_stop_payment", f"{sla_seconds('stop_payment')}", "ANTIFRAUD_SLA_STOP_PAYMENT_SECONDS"),
        ("sla_freeze", f"{sla_seconds('freeze')}", "ANTIFRAUD_SLA_FREEZE_SECONDS"),
        ("sla_block_number", f"{sla_seconds('block_number')}", "ANTIFRAUD_SLA_BLOCK_NUMBER_SECONDS"),
        ("warning_threshold", t("admin.model_threshold") if threshold is None else f"{threshold:.2f}",
         "ANTIFRAUD_WARNING_THRESHOLD"),
        ("token_ttl", f"{settings.token_ttl_hours}", "ANTIFRAUD_TOKEN_TTL_HOURS"),
        ("login_free_failures", f"{settings.login_free_failures}", "ANTIFRAUD_LOGIN_FREE_FAILURES"),
        ("login_lockout", f"{settings.login_lockout_max_minutes}", "ANTIFRAUD_LOGIN_LOCKOUT_MAX_MINUTES"),
        ("require_totp", t("admin.yes") if settings.require_totp_for_admins else t("admin.no"),
         "ANTIFRAUD_REQUIRE_TOTP_FOR_ADMINS"),
    ]
    columns = [{"name": n, "label": t(f"admin.col.{n}"), "field": n, "align": "left"} for n in ("setting", "value", "env")]
    rows = [{"id": key, "setting": t(f"admin.setting.{key}"), "value": value, "env": env} for key, value, env in items]
    table_texts(ui.table(columns=columns, rows=rows, row_key="id")).classes("w-full").mark("admin-thresholds")


def register() -> None:
    """Add the administration page to the UI."""

    @ui.page("/admin")
    async def admin_page() -> None:
        principal = await require("admin")
        if principal is None:
            return
        frame(principal, "admin")
        ui.label(t("admin.title")).classes("text-h6")
        with ui.tabs() as tabs:
            users = ui.tab(t("admin.users"))
            orgs = ui.tab(t("admin.orgs"))
            roster = ui.tab(t("admin.roster"))
            thresholds = ui.tab(t("admin.thresholds"))
        with ui.tab_panels(tabs, value=users).classes("w-full"):
            with ui.tab_panel(users):
                await _users_tab(principal)
            with ui.tab_panel(orgs):
                await _orgs_tab(principal)
            with ui.tab_panel(roster):
                await _roster_tab(principal)
            with ui.tab_panel(thresholds):
                _thresholds_tab()

