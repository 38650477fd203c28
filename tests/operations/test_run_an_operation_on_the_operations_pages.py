"""The operations pages: a commander opens an operation on a cluster and sets the takedown time; a county
bureau sees only its own package, assigns an officer and records an arrest; the experts' page shows a referred
cluster and takes an expert's finding; partners may not open the pages."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.operations import service
from tests.operations.helpers import file_in, fresh_card
from tests.pages import sign_in


async def _until(check, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):  # the click is handled off the event loop
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


def _operations_of(cluster: int) -> list[int]:
    with session_scope() as s:
        return [o.id for o in service.list_operations(s, SYSTEM) if o.cluster_id == cluster]


def _operation(op_id: int):  # type: ignore[no-untyped-def]
    with session_scope() as s:
        return service.get_operation(s, SYSTEM, op_id)


async def test_commander_opens_and_county_records_an_arrest(user: User, api, login, make_user) -> None:
    clerk = login("call_taker")
    card = fresh_card()
    a = file_in(api, clerk, "330784", ("bank_card", card))
    file_in(api, clerk, "330784", ("bank_card", card))
    case_no = api.get(f"/cases/{a}", headers=clerk).json()["case_no"]
    cluster = api.get("/clusters", headers=clerk, params={"q": case_no}).json()["items"][0]["id"]

    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open(f"/operations?cluster={cluster}")  # a link from the cluster fills its number in
    await user.should_see("集群作战", retries=50)
    assert next(iter(user.find(marker="cluster").elements)).value == cluster
    user.find(marker="name").type("永康收网")
    user.find(marker="open").click()
    await _until(lambda: bool(_operations_of(cluster)))
    [op_id] = _operations_of(cluster)
    await user.should_see(f"作战行动 {op_id}", retries=50)
    chart = next(iter(user.find(marker="chart").elements))
    assert chart.options["xAxis"]["data"] == ["JH-330784"]
    user.find(marker="takedown-at").type("2026-13-01 06:00")
    user.find(marker="set-takedown").click()
    await user.should_see("时间格式应为", retries=50)
    next(iter(user.find(marker="takedown-at").elements)).value = "2030-01-15 06:00"
    user.find(marker="set-takedown").click()
    await _until(lambda: _operation(op_id).status == "under_way")
    assert _operation(op_id).takedown_at.isoformat().startswith("2030-01-14T22:00")  # 06:00 Beijing time

    county_user, county_password, _ = make_user("commander", "JH-330784")
    officer, _, _ = make_user("call_taker", "JH-330784-02")
    await sign_in(user, county_user, county_password)
    await user.open(f"/operations/{op_id}")
    await user.should_see("承办单位 JH-330784", retries=50)
    await user.should_not_see(marker="set-takedown")  # the county does not run the operation
    next(iter(user.find(marker="officers-JH-330784").elements)).value = officer
    user.find(marker="assign-JH-330784").click()
    await _until(lambda: _operation(op_id).package_list[0].officers == [officer])
    await user.should_see(marker="start-JH-330784", retries=50)
    user.find(marker="start-JH-330784").click()
    await _until(lambda: _operation(op_id).package_list[0].status == "in_progress")
    await user.should_see(marker="arrested-JH-330784", retries=50)
    next(iter(user.find(marker="arrested-JH-330784").elements)).value = 4
    user.find(marker="record-JH-330784").click()
    await _until(lambda: _operation(op_id).arrested == 4)
    await user.should_see("抓获 4 人", retries=50)


async def test_the_experts_page_takes_a_finding(user: User, api, login, make_user) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    card = fresh_card()
    a = file_in(api, clerk, "330781", ("bank_card", card))
    file_in(api, clerk, "330781", ("bank_card", card))
    case_no = api.get(f"/cases/{a}", headers=clerk).json()["case_no"]
    cluster = api.get("/clusters", headers=clerk, params={"q": case_no}).json()["items"][0]["id"]
    r = api.post("/experts/referrals", headers=analyst,
                 json={"subject": "cluster", "subject_id": cluster, "note": "上线身份不明"})
    referral = r.json()["id"]
    username, password, _ = make_user("expert")
    await sign_in(user, username, password)
    await user.open("/experts")
    await user.should_see(f"串并案 {cluster}", retries=50)
    await user.should_see("疑难之处：上线身份不明")
    user.find(marker=f"finding-{referral}").type("与既往团伙手法一致")
    user.find(marker=f"advice-{referral}").type("并案侦查")
    user.find(marker=f"submit-{referral}").click()

    def answered() -> bool:
        with session_scope() as s:
            rows = service.expert_queue(s, SYSTEM, "answered", "cluster", cluster)
        return bool(rows) and rows[0].findings[0].recommendation == "并案侦查"

    await _until(answered)


async def test_partners_may_not_open_the_operations_pages(user: User, make_user) -> None:
    username, password, _ = make_user("bank_liaison", "ICBC")
    await sign_in(user, username, password)
    for path in ("/operations", "/operations/1", "/experts"):
        await user.open(path)
        await user.should_see("无权访问此页面", retries=50)


async def test_an_operation_no_one_has(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    for number in (2**31 - 1, 10**30):
        await user.open(f"/operations/{number}")
        await user.should_see("没有这个作战行动", retries=50)
