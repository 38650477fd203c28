"""The campaign pages: an analyst starts one from a finding, a commander approves and sends it, the carrier
reports delivery on its campaign-work page, and prevention staff edit a lesson."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from nicegui.testing import User

from antifraud.analytics.analysis_pages import campaign_link
from antifraud.analytics.schemas import FindingOut
from antifraud.core.clock import LOCAL_TZ, now
from tests.pages import sign_in


def _body(**overrides: Any) -> dict[str, Any]:
    today = now().astimezone(LOCAL_TZ).date()
    return {"title": "东阳老年人冒充公检法防范", "category": "impersonate_authority", "channel": "carrier_sms",
            "partner": "CUCC", "audience": {"districts": ["330783"], "age_bands": ["61+"]},
            "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=3)).isoformat()} | overrides


def _marked(user: User, marker: str) -> Any:
    return next(iter(user.find(marker=marker).elements))


async def _until(check: Any) -> None:
    for _ in range(200):  # answers arrive from a worker thread
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


async def test_an_analyst_starts_a_campaign_from_a_finding(user: User, api, login, make_user) -> None:
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    finding = "义乌市 18–30岁 刷单返利：近14天27起，为基线的3.4倍"
    shown = FindingOut(district="330782", district_name="义乌市", group={"age_band": "18-30"},
                       fraud_type="brushing_rebate", observed=27, expected=7.9, ratio=3.4, p_value=1e-6,
                       baseline="both", since=None, text=finding, text_en="", case_ids=[])
    await user.open(campaign_link(shown))  # the link under each finding on /analysis
    await user.should_see(finding, retries=50)
    assert _marked(user, "districts").value == ["330782"] and _marked(user, "age_bands").value == ["18-30"]
    assert _marked(user, "category").value == "brushing_rebate"
    await _until(lambda: _marked(user, "partner").value == "CMCC")
    _marked(user, "habits").value = ["food_delivery"]
    user.find(marker="create").click()
    await user.should_see(marker="status", retries=100)
    await user.should_see("草稿")
    mine = [c for c in api.get("/campaigns", headers=login("commander")).json() if c["created_by"] == username]
    assert len(mine) == 1
    assert mine[0]["finding"]["text"] == finding and mine[0]["audience"]["habits"] == ["food_delivery"]


async def test_a_commander_approves_and_sends_on_the_campaign_page(user: User, api, login, make_user) -> None:
    analyst = login("analyst")
    cid = api.post("/campaigns", headers=analyst, json=_body()).json()["id"]
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open(f"/campaigns/{cid}")
    await user.should_see("待审批", retries=50)
    await user.should_see("公检法")  # the SMS text of the category
    user.find(marker="action-approve").click()
    await user.should_see("已批准", retries=100)
    user.find(marker="action-send").click()
    await user.should_see("已下发", retries=100)
    await user.should_see("承办单位尚未回报")
    assert api.get(f"/campaigns/{cid}", headers=analyst).json()["status"] == "sent"


async def test_the_carrier_reports_delivery_on_its_campaign_work_page(user: User, api, login, make_user) -> None:
    analyst, commander = login("analyst"), login("commander")
    cid = api.post("/campaigns", headers=analyst, json=_body()).json()["id"]
    for step, body in (("submit", None), ("approve", {}), ("send", None)):
        api.post(f"/campaigns/{cid}/{step}", headers=analyst if step == "submit" else commander, json=body)
    username, password, _ = make_user("carrier_liaison", "CUCC")
    await sign_in(user, username, password)
    await user.open("/campaign-work")
    await user.should_see("本单位宣传任务", retries=50)
    await user.should_see("东阳老年人冒充公检法防范")
    _marked(user, f"reach-{cid}").value = 30500
    user.find(marker=f"report-{cid}").click()
    await user.should_see("已回报", retries=100)
    seen = api.get(f"/campaigns/{cid}", headers=commander).json()
    assert (seen["status"], seen["reach_count"], seen["reported_by"]) == ("delivered", 30500, username)


async def test_partners_may_not_open_the_campaigns(user: User, make_user) -> None:
    username, password, _ = make_user("carrier_liaison", "CMCC")
    await sign_in(user, username, password)
    await user.open("/campaigns")
    await user.should_see("无权访问此页面", retries=50)


async def test_an_analyst_edits_a_lesson_and_a_long_sms_is_refused(user: User, make_user) -> None:
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/knowledge")
    await user.should_see("反诈知识库（11类）", retries=50)
    await user.open("/knowledge/game_trading")
    await user.should_see("历史版本", retries=50)
    _marked(user, "sms_zh").value = "游" * 71
    user.find(marker="save").click()
    await user.should_see("短信（中文）：最多 70 个字，现有 71 个", retries=100)
    _marked(user, "sms_zh").value = "【金华反诈】游戏装备账号只在官方渠道交易，私下交易都是骗局！"
    _marked(user, "note").value = "短信更简短"
    user.find(marker="save").click()
    await user.should_see("已保存为第", retries=100)
    await user.should_see("短信更简短", retries=100)


async def test_a_campaign_sent_while_the_work_page_is_open_appears_on_it(user: User, api, login, make_user) -> None:
    username, password, _ = make_user("platform_liaison", "ELEME")
    await sign_in(user, username, password)
    await user.open("/campaign-work")
    await user.should_see("本单位宣传任务", retries=50)
    analyst, commander = login("analyst"), login("commander")
    body = _body(channel="packaging", partner="ELEME", title="饿了么外卖袋刷单防范")
    cid = api.post("/campaigns", headers=analyst, json=body).json()["id"]
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    api.post(f"/campaigns/{cid}/approve", headers=commander, json={})
    await user.should_not_see("饿了么外卖袋刷单防范")  # approved is not yet sent
    api.post(f"/campaigns/{cid}/send", headers=commander)
    await user.should_see("饿了么外卖袋刷单防范", retries=100)
