"""The command hall's screen: a commander watches the tiles, the county map and the ticker move."""

from __future__ import annotations

import asyncio
import json
from importlib import resources

from nicegui import ui
from nicegui.testing import User

from antifraud.identifiers import JINHUA_DIVISIONS
from tests.factories import case_payload, resident_id
from tests.pages import sign_in


def _text(user: User, element_id: str) -> str:
    return next(el for el in user.find(kind=ui.label).elements if el.props.get("id") == element_id).text


def _map_value(user: User, county: str) -> int:
    chart = next(iter(user.find(marker="map").elements)).descendants()
    options = next(el for el in chart if isinstance(el, ui.echart)).options
    return next(d["value"] for d in options["series"][0]["data"] if d["name"] == county)


async def test_a_filed_report_shows_on_every_tile_it_concerns(user: User, api, login, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("实时态势", retries=50)
    for title in ("各县（市、区）接警分布", "近30天接警与劝阻", "本年诈骗类型排行", "本年受害人年龄分布", "实时动态",
                  "合作单位待办请求", "劝阻工作台队列"):
        await user.should_see(title, retries=50)
    for _ in range(100):
        if _text(user, "tile-reports_today") != "…":
            break
        await asyncio.sleep(0.05)
    before = int(_text(user, "tile-reports_today").replace(",", ""))
    yiwu = _map_value(user, "义乌市")
    filed = api.post("/cases", headers=login("call_taker"),
                     json=case_payload(loss_amount="8888.00", victim={"name": "李四", "phone": "13857901234",
                                                                     "id_number": resident_id("330782"),
                                                                     "district_code": "330782"}))
    assert filed.status_code == 201, filed.text
    for _ in range(40):  # the page looks twice a second: the report shows within 2 s
        if int(_text(user, "tile-reports_today").replace(",", "")) == before + 1:
            break
        await asyncio.sleep(0.05)
    assert int(_text(user, "tile-reports_today").replace(",", "")) == before + 1
    assert _map_value(user, "义乌市") == yiwu + 1
    await user.should_see(filed.json()["case_no"], retries=20)  # on the ticker, without the victim's name
    await user.should_not_see("李四")


async def test_screen_figures_api_answers_every_tile(api, login) -> None:
    api.post("/cases", headers=login("call_taker"), json=case_payload(fraud_type="romance"))
    out = api.get("/stats/screen", headers=login("commander")).json()
    assert out["summary"]["reports_today"] >= 1
    assert len(out["trend"]) == 30 and out["trend"][-1]["reports"] >= 1
    assert any(c["key"] == "romance" for c in out["fraud_types"])
    assert [b["key"] for b in out["age_bands"]][:5] == ["0-17", "18-30", "31-45", "46-60", "61+"]
    assert out["ticker"][0]["kind"] == "report"
    assert {"open", "unclaimed", "urgent", "oldest_wait_seconds"} <= set(out["desk"])
    assert all(p["pending"] >= p["overdue"] for p in out["partners"])


def test_the_county_map_has_jinhuas_nine_counties() -> None:
    geojson = json.loads(resources.files("antifraud.analytics").joinpath("data/jinhua_counties.geojson")
                         .read_text("utf-8"))
    features = {f["id"]: f for f in geojson["features"]}
    assert {code: f["properties"]["name"] for code, f in features.items()} == {
        d.code: d.name_zh for d in JINHUA_DIVISIONS}
    assert len(features) == 9
    for feature in features.values():
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        ring = feature["geometry"]["coordinates"][0]
        ring = ring[0] if feature["geometry"]["type"] == "MultiPolygon" else ring
        assert len(ring) > 50 and ring[0] == ring[-1]
        assert all(119.2 < x < 120.8 and 28.5 < y < 29.7 for x, y in ring)
    assert resources.files("antifraud.analytics").joinpath("data/jinhua_counties.geojson.LICENSE").is_file()
