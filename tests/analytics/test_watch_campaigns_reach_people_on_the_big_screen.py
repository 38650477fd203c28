"""The command hall's screen shows prevention: a campaign sent to its carrier counts as running, and once the
carrier reports delivery it counts as delivered this month with the people it reached, within 2 s."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from antifraud.core.clock import LOCAL_TZ, now
from tests.pages import sign_in

FIGURES = ("running", "delivered_month", "reach_month", "reach_year")


def _figures(user: User) -> dict[str, int]:
    labels = {el.props.get("id"): el.text for el in user.find(kind=ui.label).elements}
    return {key: int(labels[f"prevention-{key}"].replace(",", "")) for key in FIGURES
            if labels.get(f"prevention-{key}", "…") != "…"}


async def _wait_for(user: User, wanted: dict[str, int]) -> dict[str, int]:
    for _ in range(40):  # the page looks twice a second: the change shows within 2 s
        seen = _figures(user)
        if seen == wanted:
            break
        await asyncio.sleep(0.05)
    return _figures(user)


async def test_a_delivered_campaign_and_its_reach_show_on_the_screen(user: User, api, login, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("宣传防范", retries=50)
    for title in ("进行中活动", "本月已送达活动", "本月覆盖人次", "本年覆盖人次"):
        await user.should_see(title)
    for _ in range(100):
        if len(_figures(user)) == len(FIGURES):
            break
        await asyncio.sleep(0.05)
    before = _figures(user)
    assert set(before) == set(FIGURES)

    analyst, commander, carrier = login("analyst"), login("commander"), login("carrier_liaison", "CMCC")
    today = now().astimezone(LOCAL_TZ).date()
    made = api.post("/campaigns", headers=analyst, json={
        "title": "义乌青年刷单防范", "category": "brushing_rebate", "channel": "carrier_sms", "partner": "CMCC",
        "audience": {"districts": ["330782"], "age_bands": ["18-30"]},
        "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=6)).isoformat()})
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    assert api.post(f"/campaigns/{cid}/approve", headers=commander, json={"note": "同意"}).status_code == 200
    assert _figures(user) == before  # approved is not yet running
    assert api.post(f"/campaigns/{cid}/send", headers=commander).status_code == 200
    running = before | {"running": before["running"] + 1}
    assert await _wait_for(user, running) == running

    reported = api.post(f"/campaign-work/{cid}/delivery", headers=carrier, json={
        "outcome": "delivered", "reach_count": 48210, "delivered_on": today.isoformat(), "note": "按人群画像下发"})
    assert reported.status_code == 200, reported.text
    delivered = before | {"delivered_month": before["delivered_month"] + 1,
                          "reach_month": before["reach_month"] + 48210, "reach_year": before["reach_year"] + 48210}
    assert await _wait_for(user, delivered) == delivered
    await user.should_see(f"{delivered['reach_month']:,}")

    out = api.get("/stats/screen", headers=commander).json()
    assert out["prevention"]["reach_year"] >= 48210 and out["prevention"]["delivered_month"] >= 1
    assert "desk" in out and "partners" in out  # the earlier fields are all still there


async def test_a_partner_liaison_does_not_read_the_screens_figures(api, login) -> None:
    assert api.get("/stats/screen", headers=login("carrier_liaison", "CMCC")).status_code == 403


async def test_a_county_counts_the_campaigns_of_its_level_only(api, login) -> None:
    analyst, commander, carrier = login("analyst"), login("commander"), login("carrier_liaison", "CMCC")
    yongkang = login("commander", "JH-330784")
    before_city = api.get("/stats/screen", headers=commander).json()["prevention"]
    before_county = api.get("/stats/screen", headers=yongkang).json()["prevention"]
    today = now().astimezone(LOCAL_TZ).date()
    cid = api.post("/campaigns", headers=analyst, json={
        "title": "义乌刷单防范", "category": "brushing_rebate", "channel": "carrier_sms", "partner": "CMCC",
        "audience": {"districts": ["330782"]}, "starts_on": today.isoformat(),
        "ends_on": today.isoformat()}).json()["id"]
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    api.post(f"/campaigns/{cid}/approve", headers=commander, json={"note": ""})
    api.post(f"/campaigns/{cid}/send", headers=commander)
    assert api.post(f"/campaign-work/{cid}/delivery", headers=carrier, json={
        "outcome": "partly_delivered", "reach_count": 700, "delivered_on": today.isoformat(),
        "note": ""}).status_code == 200
    city = api.get("/stats/screen", headers=commander).json()["prevention"]
    assert city["running"] == before_city["running"] + 1  # partly delivered: still running
    assert city["reach_month"] == before_city["reach_month"] + 700
    assert api.get("/stats/screen", headers=yongkang).json()["prevention"] == before_county  # 义乌's, not 永康's
