"""A campaign's life: drafted, submitted, approved by a commander, sent to its partner's queue, delivered, closed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from antifraud.core.clock import LOCAL_TZ, now


def _today() -> Any:
    return now().astimezone(LOCAL_TZ).date()


def _campaign(**overrides: Any) -> dict[str, Any]:
    body = {"title": "义乌青年刷单防范", "category": "brushing_rebate", "channel": "carrier_sms", "partner": "CMCC",
            "audience": {"districts": ["330782"], "age_bands": ["18-30"], "habits": ["food_delivery"]},
            "starts_on": _today().isoformat(), "ends_on": (_today() + timedelta(days=6)).isoformat(),
            "finding": {"district": "330782", "group": {"age_band": "18-30"}, "fraud_type": "brushing_rebate",
                        "text": "义乌市 18–30岁 刷单返利：近14天27起，为基线的3.4倍"}}
    body.update(overrides)
    return body


def _delivery(**overrides: Any) -> dict[str, Any]:
    return {"outcome": "delivered", "reach_count": 48210, "delivered_on": _today().isoformat(),
            "note": "按人群画像下发"} | overrides


def test_from_draft_to_closed_with_the_carrier_reporting_delivery(api, login) -> None:
    analyst, commander, carrier = login("analyst"), login("commander"), login("carrier_liaison", "CMCC")
    made = api.post("/campaigns", headers=analyst, json=_campaign())
    assert made.status_code == 201, made.text
    campaign = made.json()
    assert campaign["status"] == "draft" and campaign["partner"] == "CMCC"
    assert "刷单" in campaign["message"] and len(campaign["message"]) <= 70  # the category's SMS text
    assert campaign["finding"]["district"] == "330782"
    cid = campaign["id"]
    assert api.post(f"/campaigns/{cid}/submit", headers=analyst).json()["status"] == "submitted"
    assert cid not in {w["id"] for w in api.get("/campaign-work", headers=carrier).json()}  # not sent: unseen
    approved = api.post(f"/campaigns/{cid}/approve", headers=commander, json={"note": "同意"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["decided_by"].startswith("commander-")
    assert api.post(f"/campaigns/{cid}/send", headers=commander).json()["status"] == "sent"
    work = {w["id"]: w for w in api.get("/campaign-work", headers=carrier).json()}
    assert work[cid]["audience"]["districts"] == ["330782"] and work[cid]["message"] == campaign["message"]
    assert "finding" not in work[cid] and "created_by" not in work[cid]
    reported = api.post(f"/campaign-work/{cid}/delivery", headers=carrier, json=_delivery())
    assert reported.status_code == 200, reported.text
    seen = api.get(f"/campaigns/{cid}", headers=commander).json()
    assert (seen["status"], seen["reach_count"], seen["reported_by"][:16]) == ("delivered", 48210, "carrier_liaison-")
    again = api.post(f"/campaign-work/{cid}/delivery", headers=carrier, json=_delivery())
    assert again.status_code == 409
    assert api.post(f"/campaigns/{cid}/close", headers=analyst).json()["status"] == "closed"
    assert api.post(f"/campaigns/{cid}/send", headers=commander).status_code == 409


def test_illegal_moves_answer_409_and_name_the_status(api, login) -> None:
    analyst, commander = login("analyst"), login("commander")
    cid = api.post("/campaigns", headers=analyst, json=_campaign()).json()["id"]
    for action in ("approve", "reject", "send", "close", "revise"):
        answer = api.post(f"/campaigns/{cid}/{action}", headers=commander, json={"note": "x"})
        assert answer.status_code == 409, (action, answer.text)
        assert answer.json()["detail"][0]["field"] == "status"
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    assert api.post(f"/campaigns/{cid}/submit", headers=analyst).status_code == 409
    assert api.post(f"/campaigns/{cid}/send", headers=commander).status_code == 409  # not approved yet


def test_only_a_commander_approves_and_a_rejection_says_why(api, login) -> None:
    analyst, commander = login("analyst"), login("commander")
    cid = api.post("/campaigns", headers=analyst, json=_campaign()).json()["id"]
    submitted = api.post(f"/campaigns/{cid}/submit", headers=analyst).json()
    assert submitted["actions"] == []  # an analyst neither approves nor rejects
    assert api.get(f"/campaigns/{cid}", headers=commander).json()["actions"] == ["approve", "reject"]
    for role in ("analyst", "call_taker", "expert"):
        assert api.post(f"/campaigns/{cid}/approve", headers=login(role), json={}).status_code == 403
    assert api.post(f"/campaigns/{cid}/approve", headers=login("carrier_liaison", "CMCC"), json={}).status_code == 403
    no_reason = api.post(f"/campaigns/{cid}/reject", headers=commander, json={"note": " "})
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["field"] == "note"
    rejected = api.post(f"/campaigns/{cid}/reject", headers=commander, json={"note": "受众范围过大"}).json()
    assert rejected["status"] == "rejected" and rejected["decision_note"] == "受众范围过大"
    assert rejected["actions"] == ["revise", "close"]
    assert api.get(f"/campaigns/{cid}", headers=analyst).json()["actions"] == ["revise", "close"]
    assert api.post(f"/campaigns/{cid}/revise", headers=analyst).json()["status"] == "draft"


def test_partners_see_only_their_own_campaign_work(api, login) -> None:
    analyst, commander = login("analyst"), login("commander")
    cmcc, cucc = login("carrier_liaison", "CMCC"), login("carrier_liaison", "CUCC")
    platform = login("platform_liaison", "MEITUAN")
    sms = api.post("/campaigns", headers=analyst, json=_campaign()).json()["id"]
    bags = api.post("/campaigns", headers=analyst, json=_campaign(
        channel="packaging", partner="MEITUAN", title="外卖包装印制反诈知识")).json()
    assert len(bags["message"]) <= 60
    for cid in (sms, bags["id"]):
        api.post(f"/campaigns/{cid}/submit", headers=analyst)
        api.post(f"/campaigns/{cid}/approve", headers=commander, json={})
        api.post(f"/campaigns/{cid}/send", headers=commander)
    assert sms not in {w["id"] for w in api.get("/campaign-work", headers=cucc).json()}
    assert api.get(f"/campaign-work/{sms}", headers=cucc).status_code == 404
    assert api.post(f"/campaign-work/{sms}/delivery", headers=cucc, json=_delivery()).status_code == 404
    assert api.get(f"/campaign-work/{sms}", headers=platform).status_code == 404
    assert {w["id"] for w in api.get("/campaign-work", headers=platform).json()} >= {bags["id"]}
    assert sms not in {w["id"] for w in api.get("/campaign-work", headers=platform).json()}
    # Partners read no campaign list or detail of the center's, and banks have no campaign work at all.
    assert api.get("/campaigns", headers=cmcc).status_code == 403
    assert api.get(f"/campaigns/{sms}", headers=cmcc).status_code == 404
    assert api.get("/campaign-work", headers=login("bank_liaison", "ICBC")).status_code == 403
    partly = api.post(f"/campaign-work/{bags['id']}/delivery", headers=platform,
                      json=_delivery(outcome="partly_delivered", reach_count=12000, note="两家门店未参与"))
    assert partly.json()["status"] == "partly_delivered"
    done = api.post(f"/campaign-work/{bags['id']}/delivery", headers=platform, json=_delivery(reach_count=15500))
    assert done.json()["status"] == "delivered" and done.json()["reach_count"] == 15500


def test_bad_campaigns_are_refused_by_field(api, login) -> None:
    analyst = login("analyst")
    cases = {
        "partner": _campaign(partner="ICBC"),
        "ends_on": _campaign(ends_on=(_today() - timedelta(days=1)).isoformat()),
        "category": _campaign(category="other"),
        "audience.districts[0]": _campaign(audience={"districts": ["110101"]}),
    }
    for field, body in cases.items():
        answer = api.post("/campaigns", headers=analyst, json=body)
        assert answer.status_code == 422, (field, answer.text)
        assert answer.json()["detail"][0]["field"] == field
    no_partner = api.post("/campaigns", headers=analyst, json=_campaign(channel="community_talk", partner=None))
    assert no_partner.status_code == 422 and no_partner.json()["detail"][0]["field"] == "partner"
    talk = api.post("/campaigns", headers=analyst, json=_campaign(channel="community_talk", partner="JH-330782-01"))
    assert talk.status_code == 201, talk.text
    push = api.post("/campaigns", headers=analyst, json=_campaign(channel="app_push", partner=None))
    assert push.json()["partner"] == "JH"
    assert api.post("/campaigns", headers=login("carrier_liaison", "CMCC"), json=_campaign()).status_code == 403


def test_a_station_reports_its_community_talk(api, login) -> None:
    analyst, commander = login("analyst"), login("commander")
    cid = api.post("/campaigns", headers=analyst, json=_campaign(
        channel="community_talk", partner="JH-330782-01")).json()["id"]
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    api.post(f"/campaigns/{cid}/approve", headers=commander, json={})
    api.post(f"/campaigns/{cid}/send", headers=commander)
    assert api.get(f"/campaign-work/{cid}", headers=login("call_taker", "JH-330782-02")).status_code == 404
    station = login("call_taker", "JH-330782-01")
    future = api.post(f"/campaign-work/{cid}/delivery", headers=station,
                      json=_delivery(delivered_on=(_today() + timedelta(days=2)).isoformat()))
    assert future.status_code == 422 and future.json()["detail"][0]["field"] == "delivered_on"
    answer = api.post(f"/campaign-work/{cid}/delivery", headers=station, json=_delivery(reach_count=160))
    assert answer.status_code == 200 and answer.json()["reach_count"] == 160


def test_the_effect_waits_for_the_campaign_to_be_sent(api, login) -> None:
    analyst = login("analyst")
    cid = api.post("/campaigns", headers=analyst, json=_campaign()).json()["id"]
    effect = api.get(f"/campaigns/{cid}/effect", headers=analyst).json()
    assert effect["reason"] == "not_sent" and effect["difference"] is None


def test_a_county_sees_its_own_and_the_city_wide_campaigns(api, login) -> None:
    center = login("analyst")
    yiwu_only = api.post("/campaigns", headers=center, json=_campaign()).json()["id"]
    wucheng = api.post("/campaigns", headers=center, json=_campaign(
        audience={"districts": ["330702"], "age_bands": ["61+"]})).json()["id"]
    city_wide = api.post("/campaigns", headers=center, json=_campaign(audience={"age_bands": ["18-30"]})).json()["id"]
    county = login("analyst", "JH-330782")
    seen = {c["id"] for c in api.get("/campaigns", headers=county).json()}
    assert {yiwu_only, city_wide} <= seen and wucheng not in seen
    assert api.get(f"/campaigns/{wucheng}", headers=county).status_code == 404
    assert api.post(f"/campaigns/{wucheng}/submit", headers=county).status_code == 404
    assert wucheng in {c["id"] for c in api.get("/campaigns", headers=center).json()}
    elsewhere = api.post("/campaigns", headers=county, json=_campaign(audience={"districts": ["330702"]}))
    assert elsewhere.status_code == 422 and elsewhere.json()["detail"][0]["field"] == "audience.districts"
    assert api.post("/campaigns", headers=county, json=_campaign()).status_code == 201
