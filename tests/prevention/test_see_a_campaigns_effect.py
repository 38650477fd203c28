"""A commander reads a sent campaign's effect: its audience's incidence before and after, against the same age
band in the counties it did not target (difference in differences)."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from antifraud.analytics.service import do_import_population
from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ, now
from antifraud.core.db import session_scope
from tests.factories import case_payload, resident_id

# 46–60-year-olds of 武义 (targeted, 20,000) against those of 磐安 and 浦江 (40,000): fake credit repair.
POPULATION = "district_code,age_band,sex,population\n" + "".join(
    f"{d},46-60,{s},10000\n" for d in ("330723", "330727", "330726") for s in "MF")


def _file(session, district: str, days_ago: int, n: int) -> None:  # type: ignore[no-untyped-def]
    at = now() - timedelta(days=days_ago)
    for i in range(n):
        victim = {"name": "测试", "id_number": resident_id(division=district, birth="19700101", seq=f"{i % 900 + 100}"),
                  "district_code": district}
        data = CaseIn.model_validate(case_payload(victim=victim, fraud_type="fake_credit", identifiers=[],
                                                  occurred_at=(at - timedelta(hours=1)).isoformat()))
        do_create_case(session, SYSTEM, data, reported_at=at)


def test_the_campaign_page_figures_are_the_difference_in_differences(api, login) -> None:
    analyst, commander = login("analyst"), login("commander")
    body = {"title": "武义中年人征信防骗", "category": "fake_credit", "channel": "carrier_sms", "partner": "CTCC",
            "audience": {"districts": ["330723"], "age_bands": ["46-60"]},
            "starts_on": now().astimezone(LOCAL_TZ).date().isoformat(),
            "ends_on": now().astimezone(LOCAL_TZ).date().isoformat()}
    cid = api.post("/campaigns", headers=analyst, json=body).json()["id"]
    api.post(f"/campaigns/{cid}/submit", headers=analyst)
    api.post(f"/campaigns/{cid}/approve", headers=commander, json={})
    api.post(f"/campaigns/{cid}/send", headers=commander)
    with session_scope() as session:
        do_import_population(session, SYSTEM, POPULATION.encode(), "prevention test")
        _file(session, "330723", 10, 14)  # targeted: 14 in the 28 days before
        _file(session, "330727", 12, 14)  # comparison: 28 in the 28 days before …
        _file(session, "330726", 5, 14)
        _file(session, "330726", 0, 2)    # … and 2 on the day it was sent; the targeted group has none
    effect = api.get(f"/campaigns/{cid}/effect", headers=commander).json()
    assert effect["reason"] is None, effect
    assert [effect[k]["reports"] for k in ("target_before", "target_after", "control_before", "control_after")] == [
        14, 0, 28, 2]
    assert effect["target_before"]["residents"] == 20_000 and effect["control_after"]["residents"] == 40_000
    per = 10_000 * 30
    expected = (0 - 14 / (20_000 * 28) * per) - (2 / (40_000 * 1) * per - 28 / (40_000 * 28) * per)
    assert effect["difference"] == pytest.approx(expected, abs=1e-3)
    low, high = effect["difference_ci"]
    assert low < expected < high
    ratio = (0.5 / 20_000) / (14.5 / (20_000 * 28)) / ((2.5 / 40_000) / (28.5 / (40_000 * 28)))
    assert effect["ratio"] == pytest.approx(ratio, rel=1e-3)
    assert math.log(effect["ratio_ci"][1] / effect["ratio"]) == pytest.approx(
        1.959964 * math.sqrt(1 / 0.5 + 1 / 14.5 + 1 / 2.5 + 1 / 28.5), rel=1e-3)
