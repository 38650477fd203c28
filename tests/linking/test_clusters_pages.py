"""The cluster pages: an analyst finds a cluster in the list, opens its link chart, reads a node's evidence,
confirms it with a reason and splits it; the hubs page lists hubs with why; partners may not open them."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.linking import service
from tests.linking.helpers import file, fresh_card, fresh_phone
from tests.pages import sign_in


def _cluster(case_id: int) -> int | None:
    with session_scope() as s:
        return service.cluster_of_case(s, SYSTEM, case_id)


async def _until(check, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):  # the click is handled off the event loop
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


async def test_analyst_finds_confirms_and_splits_a_cluster(user: User, api, login, make_user) -> None:
    clerk = login("call_taker")
    card, phone = fresh_card(), fresh_phone()
    a = file(api, clerk, ("bank_card", card))
    b = file(api, clerk, ("bank_card", card), ("phone", phone))
    c = file(api, clerk, ("phone", phone))
    cluster = _cluster(a)
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/clusters")
    await user.should_see("串并案", retries=50)
    user.find(marker="search").type(card).trigger("keydown.enter")
    table = next(iter(user.find(marker="clusters").elements))
    await _until(lambda: [r["id"] for r in table.rows] == [cluster])
    assert table.rows[0]["size"] == 3 and table.rows[0]["growth"] == 3
    await user.open(f"/clusters/{cluster}")
    await user.should_see(f"串并案 {cluster}", retries=50)
    chart = next(iter(user.find(marker="chart").elements))
    names = [n["name"] for n in chart.options["series"][0]["data"]]
    assert card in names and f"+86{phone}" in names  # the cases and the identifiers they share
    index = names.index(card)
    # a click on a node arrives from the browser as the chart's componentClick event
    for listener in chart._event_listeners.values():
        if listener.type == "componentClick":
            listener.handler(type("E", (), {"args": {"componentType": "series", "seriesType": "graph",
                                                     "seriesIndex": 0, "seriesName": "", "name": card,
                                                     "dataIndex": index, "data": {}, "dataType": "node",
                                                     "value": 0}})())
    await user.should_see("2 起案件共用", retries=50)
    user.find(marker="confirm").click()
    user.find(marker="confirm-reason").type("同一话术、同一收款卡")
    user.find(marker="confirm-ok").click()
    await user.should_see("已确认", retries=50)
    user.find(marker="split").click()
    select = next(iter(user.find(marker="split-cases").elements))
    select.value = [c]
    user.find(marker="split-reason").type("号码已转售")
    user.find(marker="split-ok").click()
    await _until(lambda: _cluster(c) != _cluster(a))
    assert _cluster(a) == _cluster(b) == cluster
    await user.should_see("研判决定", retries=50)  # the page redrawn with the split among the decisions
    await user.should_see("号码已转售", retries=50)
    await user.open("/clusters")  # leave the live page while the app still runs
    await user.should_see("串并案", retries=50)


async def test_hubs_page_lists_hubs_with_why(user: User, api, login, make_user) -> None:
    clerk = login("call_taker")
    file(api, clerk, ("url", "https://www.jd.com/item"))
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/hubs")
    await user.should_see("枢纽要素", retries=50)
    await user.should_see("95588", retries=20)  # the built-in service numbers
    table = next(iter(user.find(marker="hubs").elements))
    assert any(r["value"] == "jd.com" and r["why"] == "大型平台" for r in table.rows)


async def test_partners_may_not_open_the_cluster_pages(user: User, make_user) -> None:
    username, password, _ = make_user("carrier_liaison", "CMCC")
    await sign_in(user, username, password)
    for path in ("/clusters", "/clusters/1", "/hubs"):
        await user.open(path)
        await user.should_see("无权访问此页面", retries=50)
    await user.should_not_see(kind=ui.echart)
