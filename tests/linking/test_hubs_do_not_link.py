"""Service numbers, big platforms, victims' own identifiers and identifiers shared by strangers do not link
cases; an analyst sees each hub with why, lists one, and the cases are linked again."""

from __future__ import annotations

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.linking import service
from tests.linking.helpers import file, fresh_card, fresh_phone


def _cluster(case_id: int) -> int | None:
    with session_scope() as s:
        return service.cluster_of_case(s, SYSTEM, case_id)


def test_a_service_number_and_a_big_platform_do_not_link(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    a = file(api, clerk, ("phone", "4008208820"), ("url", "https://item.taobao.com/x"), ("app", "微信"))
    b = file(api, clerk, ("phone", "4008208820"), ("url", "https://www.taobao.com/"), ("app", "微信"))
    assert _cluster(a) != _cluster(b)
    hubs = {(h["kind"], h["value"]): h["reason"] for h in api.get("/hubs", headers=analyst,
                                                                   params={"limit": 2000}).json()["hubs"]}
    assert hubs[("phone", "+864008208820")] == "service_number"
    assert hubs[("domain", "taobao.com")] == "big_platform"
    assert hubs[("app", "微信")] == "big_platform"


def test_a_victims_own_card_does_not_link(api, login) -> None:
    clerk = login("call_taker")
    card = fresh_card()
    a = file(api, clerk, ("phone", fresh_phone()), victim_card=card)
    b = file(api, clerk, ("bank_card", card))  # another report names the first victim's card as a suspect's
    assert _cluster(a) != _cluster(b)


def test_an_identifier_in_too_many_unrelated_cases_is_a_hub(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    shared = fresh_phone()
    ids = [file(api, clerk, ("phone", shared), ("bank_card", fresh_card())) for _ in range(7)]
    assert len({_cluster(i) for i in ids}) == 7  # seven strangers: the number is a hub, not a gang's
    hubs = api.get("/hubs", headers=analyst, params={"q": shared}).json()["hubs"]
    assert [(h["reason"], h["cases"]) for h in hubs] == [("shared_by_strangers", 7)]


def test_an_analyst_lists_a_hub_and_the_cases_are_linked_again(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    card = fresh_card()
    a, b = file(api, clerk, ("bank_card", card)), file(api, clerk, ("bank_card", card))
    assert _cluster(a) == _cluster(b)
    r = api.post("/hubs", headers=analyst, json={"kind": "bank_card", "value": card, "decision": "hub",
                                                 "reason": "a merchant's settlement card"})
    assert r.status_code == 201, r.text
    assert _cluster(a) != _cluster(b)
    listed = api.get("/hubs", headers=analyst, params={"q": card}).json()["hubs"]
    assert listed[0]["source"] == "analyst" and listed[0]["note"] == "a merchant's settlement card"
    r = api.post("/hubs/remove", headers=analyst, json={"kind": "bank_card", "value": card, "reason": "checked"})
    assert r.status_code == 204, r.text
    assert _cluster(a) == _cluster(b)


def test_a_hub_needs_a_reason_and_a_real_identifier(api, login) -> None:
    analyst = login("analyst")
    r = api.post("/hubs", headers=analyst, json={"kind": "bank_card", "value": "123", "reason": "x"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "value"
    r = api.post("/hubs", headers=analyst, json={"kind": "phone", "value": fresh_phone(), "reason": ""})
    assert r.status_code == 422


def test_an_analyst_changes_the_rule_and_every_case_is_linked_again(api, login) -> None:
    clerk, analyst = login("call_taker"), login("analyst")
    shared = fresh_phone()
    ids = [file(api, clerk, ("phone", shared), ("bank_card", fresh_card())) for _ in range(6)]
    assert len({_cluster(i) for i in ids}) == 6  # six strangers share it: a hub under the rule in force
    before = api.get("/hubs", headers=analyst).json()["rule"]
    bad = api.client.put("/api/v1/hubs/rule", headers=analyst, json={**before, "min_groups": 99, "reason": "x"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "min_groups"
    assert api.client.put("/api/v1/hubs/rule", headers=clerk, json={**before, "reason": "x"}).status_code == 403
    try:
        r = api.client.put("/api/v1/hubs/rule", headers=analyst, json={**before, "min_cases": 50, "min_groups": 40,
                                                         "reason": "a small town: fewer strangers"})
        assert r.status_code == 200, r.text
        assert len({_cluster(i) for i in ids}) == 1
        assert api.get("/hubs", headers=analyst).json()["rule"]["min_cases"] == 50
    finally:
        api.client.put("/api/v1/hubs/rule", headers=analyst, json={**before, "reason": "back to the center's rule"})
    assert len({_cluster(i) for i in ids}) == 6
