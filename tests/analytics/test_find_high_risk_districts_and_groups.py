"""A commander sees the districts and groups whose reports rise significantly above their baseline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pytest
from typer.testing import CliRunner

from antifraud.analytics import hotspots
from antifraud.analytics.breakdown import CaseFact, Population, PopulationCell
from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.cli import app
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ
from antifraud.core.db import session_scope
from tests.factories import case_payload, resident_id

DISTRICTS = {"330702": 1_004_400, "330703": 458_900, "330723": 459_100, "330726": 459_800, "330727": 180_400,
             "330781": 575_600, "330782": 1_859_390, "330783": 1_088_900, "330784": 964_203}
BANDS = {"0-17": 0.15, "18-30": 0.22, "31-45": 0.25, "46-60": 0.22, "61+": 0.16}
# Victims' age mix per type (not the population's): brushing is young, impersonation old.
TYPES = {"brushing_rebate": (3.0, {"18-30": 0.7, "31-45": 0.2, "46-60": 0.1}),
         "fake_investment": (2.0, {"18-30": 0.2, "31-45": 0.4, "46-60": 0.3, "61+": 0.1}),
         "impersonate_authority": (1.0, {"31-45": 0.2, "46-60": 0.3, "61+": 0.5})}
BIRTH = {"0-17": 2012, "18-30": 2000, "31-45": 1988, "46-60": 1972, "61+": 1955}
START = date(2026, 1, 1)


def _population() -> Population:
    return Population(PopulationCell(d, band, sex, round(n * share / 2))
                      for d, n in DISTRICTS.items() for band, share in BANDS.items() for sex in "MF")


def _fact(i: int, district: str, band: str, fraud_type: str, day: date) -> CaseFact:
    at = datetime.combine(day, time(12), LOCAL_TZ)
    return CaseFact(case_id=i, fraud_type=fraud_type, loss=Decimal(1000), occurred_at=at, reported_at=at,
                    birth_date=date(BIRTH[band], 6, 1), age=None, sex="M", occupation=None, education=None,
                    district=district)


def _quiet_city(seed: int, days: int) -> list[CaseFact]:
    """Reports spread over districts by residents, ages by each type's victim mix, Poisson each day."""
    rng = np.random.default_rng(seed)
    total = sum(DISTRICTS.values())
    facts: list[CaseFact] = []
    for offset in range(days):
        day = START + timedelta(days=offset)
        for fraud_type, (per_day_per_million, mix) in TYPES.items():
            for district, residents in DISTRICTS.items():
                for band, share in mix.items():
                    lam = per_day_per_million * residents / 1e6 * share * 7e6 / total
                    for _ in range(rng.poisson(lam)):
                        facts.append(_fact(len(facts), district, band, fraud_type, day))
    return facts


def _plant(facts: list[CaseFact], district: str, band: str, fraud_type: str, first: date, days: int,
           per_day: float, seed: int) -> list[CaseFact]:
    rng = np.random.default_rng(seed)
    extra = list(facts)
    for offset in range(days):
        for _ in range(rng.poisson(per_day)):
            extra.append(_fact(len(extra), district, band, fraud_type, first + timedelta(days=offset)))
    return extra


def _window(end_offset: int) -> tuple[date, date, date]:
    end = START + timedelta(days=end_offset)
    return end - timedelta(days=13), end, end - timedelta(days=13 + 56)


def test_a_quiet_city_raises_no_alarm() -> None:
    facts = _quiet_city(seed=11, days=140)
    alarms = 0
    for end_offset in range(69, 140, 14):  # five fortnights, each with eight weeks of history
        start, end, history = _window(end_offset)
        alarms += len(hotspots.detect(facts, _population(), start, end, history))
    assert alarms <= 1


def test_a_gang_working_one_district_and_age_band_is_found() -> None:
    quiet = _quiet_city(seed=12, days=98)
    start, end, history = _window(97)
    planted = _plant(quiet, "330782", "18-30", "fake_investment", start + timedelta(days=4), 10, 2.5, seed=3)
    found = hotspots.detect(planted, _population(), start, end, history)
    assert found, "the planted hot spot was missed"
    top = found[0]
    assert (top.district, top.group, top.fraud_type) == ("330782", {"age_band": "18-30"}, "fake_investment")
    assert top.ratio > 2 and top.p_value < 1e-4 and top.baseline == "both"
    assert top.since is not None and start <= top.since <= start + timedelta(days=7)


def test_a_burst_is_found_in_the_platforms_first_month() -> None:
    quiet = _quiet_city(seed=13, days=14)
    start, end = START, START + timedelta(days=13)
    planted = _plant(quiet, "330727", "61+", "impersonate_authority", start, 14, 0.8, seed=4)
    found = hotspots.detect(planted, _population(), start, end, history_start=start)
    assert [(f.district, f.group, f.fraud_type) for f in found][:1] == [
        ("330727", {"age_band": "61+"}, "impersonate_authority")]
    assert found[0].baseline == "population" and found[0].since is None


def test_false_discoveries_are_controlled() -> None:
    assert hotspots.benjamini_hochberg([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205], 0.05) == [
        True, True, False, False, False, False, False, False]
    assert hotspots.poisson_p(10, 2.0) == pytest.approx(4.649e-5, rel=1e-3)


# Through the API: a planted cluster of reports in 2018 (far from every other test's cases).
YIWU_CELL = [(f"2018-06-{day:02d} 1{day % 10}:00", "brushing_rebate") for day in range(3, 15)]
ELSEWHERE = [("2018-06-05 09:00", "fake_investment"), ("2018-06-08 15:00", "impersonate_authority")]


@pytest.fixture(scope="module")
def june_2018(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    with session_scope() as session:
        for i, (when, fraud_type) in enumerate(YIWU_CELL + ELSEWHERE):
            at = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
            district = "330782" if fraud_type == "brushing_rebate" else "330702"
            victim = {"name": "测试", "district_code": district,
                      "id_number": resident_id(division=district, birth="19990101", seq=f"{i:03d}")}
            data = CaseIn.model_validate(case_payload(victim=victim, fraud_type=fraud_type, identifiers=[],
                                                      occurred_at=(at - timedelta(hours=1)).isoformat()))
            do_create_case(session, SYSTEM, data, reported_at=at)
    path = tmp_path_factory.mktemp("census") / "census.csv"
    lines = ["district_code,age_band,sex,population"] + [
        f"{d},{band},{sex},{round(n * share / 2)}" for d, n in DISTRICTS.items() for band, share in BANDS.items()
        for sex in "MF"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["population", "import", str(path)]).exit_code == 0


def test_findings_api_names_the_cell_in_words(api, login, june_2018) -> None:
    answer = api.get("/analytics/findings", headers=login("commander"),
                     params={"date_from": "2018-06-01", "date_to": "2018-06-14"})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found, "the 12 brushing reports of young 义乌 residents were not found"
    top = found[0]
    assert top["district"] == "330782" and top["group"] == {"age_band": "18-30"}
    assert top["fraud_type"] == "brushing_rebate" and top["observed"] == 12
    assert top["ratio"] == pytest.approx(12 / top["expected"], rel=1e-3) and top["p_value"] < 0.001
    assert top["text"].startswith("义乌市 18–30岁 刷单返利：近14天12起")
    assert len(top["case_ids"]) == 12


def test_partners_see_no_findings(api, login) -> None:
    answer = api.get("/analytics/findings", headers=login("bank_liaison", "ICBC"))
    assert answer.status_code == 403
