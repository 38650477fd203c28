"""Major cases and clusters (loss or victims over the thresholds experts set), cross-border ones (an overseas
number, an IP in a foreign network) and difficult ones (sent by hand) wait in the experts' queue; experts
leave findings and recommendations; every step is audited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from antifraud.settings import reset_settings
from tests.operations.helpers import audited, file_in, fresh_card, overseas_phone


@pytest.fixture
def rule(api, login) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    """An expert's headers; the thresholds in force are put back afterwards."""
    expert = login("expert")
    before = api.get("/experts/rule", headers=expert).json()
    yield expert
    api.client.put("/api/v1/experts/rule", headers=expert,
                   json={"major_loss": before["major_loss"], "major_victims": before["major_victims"]})


def _referral(api, headers, subject: str, subject_id: int, status: str = "waiting"):  # type: ignore[no-untyped-def]
    rows = api.get("/experts/referrals", headers=headers,
                   params={"subject": subject, "subject_id": subject_id, "status": status}).json()
    return rows[0] if rows else None


def _cluster_of(api, headers, case_id: int) -> int:  # type: ignore[no-untyped-def]
    case_no = api.get(f"/cases/{case_id}", headers=headers).json()["case_no"]
    return int(api.get("/clusters", headers=headers, params={"q": case_no}).json()["items"][0]["id"])


def test_major_by_loss_and_by_victims(api, login, rule) -> None:
    clerk, expert = login("call_taker"), rule
    r = api.client.put("/api/v1/experts/rule", headers=expert, json={"major_loss": "100000.00", "major_victims": 3})
    assert r.status_code == 200 and r.json()["major_victims"] == 3
    assert audited("expert.rule", "major")
    small = file_in(api, clerk, "330702", ("bank_card", fresh_card()), loss_amount="99999.99")
    big = file_in(api, clerk, "330702", ("bank_card", fresh_card()), loss_amount="100000.00")
    assert _referral(api, expert, "case", small) is None
    assert _referral(api, expert, "case", big)["reasons"] == ["major_loss"]
    card = fresh_card()
    first = file_in(api, clerk, "330703", ("bank_card", card), loss_amount="100.00")
    file_in(api, clerk, "330703", ("bank_card", card), loss_amount="100.00")
    cluster = _cluster_of(api, clerk, first)
    assert _referral(api, expert, "cluster", cluster) is None  # two victims: not yet major
    file_in(api, clerk, "330703", ("bank_card", card), loss_amount="100.00")
    referral = _referral(api, expert, "cluster", cluster)
    assert referral["reasons"] == ["major_victims"] and referral["victims"] == 3
    assert audited("expert.refer", referral["id"])[0]["reasons"] == ["major_victims"]
    # only experts (and administrators) change the thresholds
    r = api.client.put("/api/v1/experts/rule", headers=login("commander"), json={"major_loss": "1.00",
                                                                              "major_victims": 2})
    assert r.status_code == 403


def test_cross_border_by_overseas_number_and_foreign_ip(api, login, monkeypatch) -> None:
    clerk, expert = login("call_taker"), login("expert")
    card, number = fresh_card(), overseas_phone()
    case = file_in(api, clerk, "330723", ("bank_card", card), ("phone", number), loss_amount="500.00")
    file_in(api, clerk, "330723", ("bank_card", card), loss_amount="500.00")
    assert _referral(api, expert, "case", case)["reasons"] == ["overseas_number"]
    assert _referral(api, expert, "cluster", _cluster_of(api, clerk, case))["reasons"] == ["overseas_number"]
    domestic = file_in(api, clerk, "330723", ("bank_card", fresh_card()), ("ip", "203.0.113.9"))
    assert _referral(api, expert, "case", domestic) is None
    monkeypatch.setenv("ANTIFRAUD_EXPERT_FOREIGN_NETWORKS", "203.0.113.0/24, 2001:db8::/32")
    reset_settings()
    try:
        assert api.get("/experts/rule", headers=expert).json()["foreign_networks"] == ["203.0.113.0/24",
                                                                                     "2001:db8::/32"]
        abroad = file_in(api, clerk, "330723", ("bank_card", fresh_card()), ("ip", "203.0.113.10"))
        assert _referral(api, expert, "case", abroad)["reasons"] == ["foreign_ip"]
    finally:
        monkeypatch.delenv("ANTIFRAUD_EXPERT_FOREIGN_NETWORKS")
        reset_settings()


def test_difficult_by_hand_and_the_experts_findings(api, login) -> None:
    clerk, analyst, expert = login("call_taker"), login("analyst"), login("expert")
    card = fresh_card()
    a = file_in(api, clerk, "330727", ("bank_card", card))
    file_in(api, clerk, "330727", ("bank_card", card))
    cluster = _cluster_of(api, clerk, a)
    body = {"subject": "cluster", "subject_id": cluster, "note": "资金经境外虚拟币平台转移，链路不清"}
    assert api.post("/experts/referrals", headers=clerk, json=body).status_code == 403
    assert api.post("/experts/referrals", headers=analyst,
                    json={**body, "subject_id": 2**31 - 1}).status_code == 404
    assert api.post("/experts/referrals", headers=analyst, json={**body, "note": ""}).status_code == 422
    r = api.post("/experts/referrals", headers=analyst, json=body)
    assert r.status_code == 201 and r.json()["reasons"] == ["difficult"] and r.json()["flagged_by"]
    referral = r.json()["id"]
    assert referral in [x["id"] for x in api.get("/experts/referrals", headers=expert).json()]
    advice = {"finding": "系同一团伙，上线在境外", "recommendation": "调取虚拟币平台记录，并案侦查"}
    assert api.post(f"/experts/referrals/{referral}/findings", headers=analyst, json=advice).status_code == 403
    r = api.post(f"/experts/referrals/{referral}/findings", headers=expert, json=advice)
    assert r.status_code == 201 and r.json()["status"] == "answered"
    assert r.json()["findings"][0]["recommendation"] == advice["recommendation"]
    assert _referral(api, expert, "cluster", cluster) is None
    assert _referral(api, expert, "cluster", cluster, "answered")["findings"][0]["finding"] == advice["finding"]
    assert audited("expert.finding", referral)[0]["finding"] == advice["finding"]
    r = api.post("/experts/referrals", headers=expert, json={"subject": "case", "subject_id": a, "note": "口供矛盾"})
    assert r.status_code == 201 and r.json()["subject"] == "case" and r.json()["label"].startswith("JH")
    assert api.post("/experts/referrals/2147483647/findings", headers=expert, json=advice).status_code == 404
