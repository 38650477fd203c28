"""A bank liaison's queue page: the context of each request, bulk acknowledge, today's XLSX, its own figures."""

from __future__ import annotations

import asyncio
import io
import random

from nicegui import ui
from nicegui.testing import User
from openpyxl import load_workbook

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import CompleteIn
from tests.factories import card_of, case_payload
from tests.pages import sign_in

_rng = random.Random(6262)


def _file_for_bocom(make_user, n: int, case_nos: list[str] | None = None) -> list[int]:  # type: ignore[no-untyped-def]
    _, _, clerk = make_user("call_taker")
    ids = []
    with session_scope() as s:
        for _ in range(n):
            payload = case_payload(identifiers=[{"kind": "bank_card", "value": card_of("BOCOM", _rng)}])
            payload["victim"]["name"] = "王五"
            case = do_create_case(s, clerk, CaseIn.model_validate(payload))
            ids += [r.id for r in case.requests if r.kind == "stop_payment"]
            if case_nos is not None:
                case_nos.append(case.case_no)
    return ids


def _open_table(user: User) -> ui.table:
    return next(t for t in user.find(kind=ui.table).elements if t.props.get("selection") == "multiple")


async def test_the_queue_shows_context_and_acknowledges_the_selected_requests(user: User, make_user) -> None:
    ids = _file_for_bocom(make_user, 3)
    username, password, bank = make_user("bank_liaison", "BOCOM")
    await sign_in(user, username, password)
    await user.should_see("BOCOM 工作台", retries=50)
    await user.should_see("本单位近30天办理情况", retries=50)
    await user.should_see("按时办结")
    table = _open_table(user)
    for _ in range(50):
        if {r["id"] for r in table.rows} >= set(ids):
            break
        await asyncio.sleep(0.1)
    rows = {r["id"]: r for r in table.rows}
    first = rows[ids[0]]
    assert first["fraud_type"] == "刷单返利" and first["transfer_at"] and first["deadline"]
    assert first["requested"] == "≤ 12,800.50（案件损失）"
    assert all("王五" not in str(v) for r in table.rows for v in r.values())
    table.selected = [rows[ids[0]], rows[ids[1]]]
    table.update()
    user.find(kind=ui.button, content="签收所选").click()
    await user.should_see("已签收 2 条；跳过 0 条", retries=50)
    with session_scope() as s:
        states = {r.id: r.status for r in dispatch.list_requests(s, bank, "all") if r.id in ids}
    assert states == {ids[0]: "acknowledged", ids[1]: "acknowledged", ids[2]: "pending"}


async def test_todays_work_downloads_as_xlsx(user: User, make_user) -> None:
    case_nos: list[str] = []
    _file_for_bocom(make_user, 1, case_nos)
    username, password, _ = make_user("bank_liaison", "BOCOM")
    await sign_in(user, username, password)
    await user.should_see("BOCOM 工作台", retries=50)
    user.find(kind=ui.button, content="导出当日台账（XLSX）").click()
    downloaded = await user.download.next(timeout=10)
    sheet = load_workbook(io.BytesIO(downloaded.content)).worksheets[0]
    filed = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] == case_nos[0]]
    assert len(filed) == 1 and filed[0][1] == "stop_payment" and filed[0][2] == "brushing_rebate"


async def test_the_partners_big_screen_shows_its_own_figures_only(user: User, make_user) -> None:
    ids = _file_for_bocom(make_user, 2)
    username, password, bank = make_user("bank_liaison", "BOCOM")
    from antifraud.core.clock import local_day_start
    from antifraud.dispatch.schemas import CompleteIn

    with session_scope() as s:
        dispatch.do_complete(s, bank, ids[0], CompleteIn(outcome="no_funds"))
        today = dispatch.partner_figures(s, bank, local_day_start())
    assert today.completed_on_time >= 1 and today.open >= 1
    await sign_in(user, username, password)
    await user.should_see("本单位大屏", retries=50)
    await user.open("/queue/screen")
    await user.should_see("BOCOM 办理态势", retries=50)
    await user.should_see("今日 · 按时办结")
    await user.should_see("近30天 · 办结用时中位数")
    labels = user.find(kind=ui.label).elements
    tiles = {el.props["id"]: el.text for el in labels if str(el.props.get("id", "")).startswith("partner-tile-")}
    assert tiles["partner-tile-today-completed_on_time"] == f"{today.completed_on_time:,}"
    assert tiles["partner-tile-today-open"] == f"{today.open:,}"
    assert "王五" not in " ".join(el.text for el in labels)


async def test_the_done_list_pages_by_the_server_past_its_first_fifty(user: User, make_user) -> None:
    username, password, bank = make_user("bank_liaison", "BOCOM")
    ids = _file_for_bocom(make_user, 55)
    with session_scope() as s:
        for request_id in ids:
            dispatch.do_acknowledge(s, bank, request_id)
            dispatch.do_complete(s, bank, request_id, CompleteIn(outcome="no_funds", balance="0.00"))
    with session_scope() as s:
        _, total = dispatch.page_requests(s, bank, "completed", 1, 0)
    await sign_in(user, username, password)
    await user.should_see("BOCOM 工作台", retries=50)
    done = next(iter(user.find(marker="done-list").elements))
    for _ in range(50):
        if done.pagination.get("rowsNumber") == total:
            break
        await asyncio.sleep(0.1)
    assert total >= 55 and done.pagination["rowsNumber"] == total
    assert len(done.rows) == 50  # one page; the rest come from the server page by page
    # Quasar asks for another page through the table's request event; the page answers it from the server
    user.find(marker="done-list").trigger("request", {"pagination": {"page": 2, "rowsPerPage": 50}})
    for _ in range(100):
        if done.pagination["page"] == 2:
            break
        await asyncio.sleep(0.05)
    assert len(done.rows) == total - 50 and done.pagination["page"] == 2
