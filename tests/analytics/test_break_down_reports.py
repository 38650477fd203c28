"""An analyst breaks a period's reports down by victims' groups, against the imported population."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.cli import app
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ
from antifraud.core.db import session_scope
from tests.factories import case_payload, resident_id

# Six reports in March 2019 (local days), far from every other test's cases.
# (birth, seq → sex, district_code, fraud_type, loss, occurred, reported)
REPORTS = [
    ("19880310", "121", None, "brushing_rebate", "1000", "2019-03-09 10:00", "2019-03-12 09:30"),  # 30 at the fraud
    ("19950101", "131", "330782", "brushing_rebate", "2000", "2019-03-10 20:00", "2019-03-10 21:15"),
    ("19990505", "142", "330782", "fake_investment", "50000", "2019-03-11 08:00", "2019-03-11 23:40"),
    ("19700707", "152", "330702", "fake_investment", "80000.50", "2019-03-12 13:00", "2019-03-13 00:20"),
    ("19500202", "161", "330702", "impersonate_authority", "300000", "2019-03-20 09:00", "2019-03-20 10:00"),
    ("20050909", "172", None, "game_trading", "800", "2019-03-30 16:00", "2019-03-31 23:59"),
]
POPULATION = """district_code,age_band,sex,population
330782,0-17,M,10000
330782,0-17,F,10000
330782,18-30,M,20000
330782,18-30,F,20000
330782,31-45,M,20000
330782,31-45,F,20000
330782,46-60,M,10000
330782,46-60,F,10000
330782,61+,M,5000
330782,61+,F,5000
330702,18-30,M,10000
330702,18-30,F,10000
330702,46-60,M,10000
330702,46-60,F,10000
330702,61+,M,5000
330702,61+,F,5000
"""
MARCH = {"date_from": "2019-03-01", "date_to": "2019-03-31"}


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def march_2019(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six reports filed and the population imported through the command line."""
    with session_scope() as session:
        for birth, seq, district, fraud_type, loss, occurred, reported in REPORTS:
            victim = {"name": "测试", "occupation": "student" if birth > "1998" else "ecommerce", "id_number": resident_id(division="330782" if district != "330702"
                                                               else "330702", birth=birth, seq=seq)}
            if district:
                victim["district_code"] = district
            data = CaseIn.model_validate(case_payload(victim=victim, fraud_type=fraud_type, loss_amount=loss,
                                                      occurred_at=_local(occurred).isoformat(), identifiers=[]))
            do_create_case(session, SYSTEM, data, reported_at=_local(reported))
    path = tmp_path_factory.mktemp("population") / "population.csv"
    path.write_text(POPULATION, encoding="utf-8")
    result = CliRunner().invoke(app, ["population", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "16 population cells imported (180,000 residents)" in result.output
    return path


def _rows(api, headers, **params) -> list[dict]:
    answer = api.get("/analytics/breakdown", headers=headers, params={**MARCH, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()["rows"]


def test_reports_by_age_band_take_the_age_when_the_fraud_happened(api, login, march_2019) -> None:
    rows = {r["key"]["age_band"]: r for r in _rows(api, login("analyst"), by="age_band")}
    # Born 1988-03-10, defrauded 2019-03-09 (aged 30), reported at 31: counted 18-30.
    assert {band: r["reports"] for band, r in rows.items()} == {"0-17": 1, "18-30": 3, "46-60": 1, "61+": 1}
    young = rows["18-30"]
    assert Decimal(young["loss"]) == Decimal(53000)
    residents_18_30 = 60_000
    assert young["rate_per_10k"] == pytest.approx(3 / residents_18_30 * 10_000)
    # Lift: 3 of 6 reports from a band holding 60,000 of 180,000 residents.
    assert young["lift"] == pytest.approx((3 / 6) / (60_000 / 180_000))
    low, high = young["ci"]  # exact Poisson interval of 3: (0.6187, 8.7673)
    assert low == pytest.approx(0.61867 / residents_18_30 * 10_000, rel=1e-3)
    assert high == pytest.approx(8.76727 / residents_18_30 * 10_000, rel=1e-3)


def test_district_falls_back_to_the_id_numbers_county(api, login, march_2019) -> None:
    rows = {r["key"]["district"]: r["reports"] for r in _rows(api, login("analyst"), by="district")}
    assert rows == {"330702": 2, "330782": 4}


def test_two_dimensions_and_a_fraud_type_filter(api, login, march_2019) -> None:
    headers = login("commander")
    rows = _rows(api, headers, by="fraud_type", by2="sex")
    found = {(r["key"]["fraud_type"], r["key"]["sex"]): r["reports"] for r in rows}
    assert found == {("brushing_rebate", "M"): 2, ("fake_investment", "F"): 2,
                     ("impersonate_authority", "M"): 1, ("game_trading", "F"): 1}
    men_brushing = next(r for r in rows if r["key"] == {"fraud_type": "brushing_rebate", "sex": "M"})
    # Within brushing both reports are men; men are half the residents.
    assert men_brushing["lift"] == pytest.approx(2.0)
    only = _rows(api, headers, by="district", fraud_type="fake_investment")
    assert {r["key"]["district"]: r["reports"] for r in only} == {"330702": 1, "330782": 1}


def test_hours_and_weekdays_are_local(api, login, march_2019) -> None:
    headers = login("analyst")
    hours = {r["key"]["hour"]: r["reports"] for r in _rows(api, headers, by="hour")}
    assert hours == {0: 1, 9: 1, 10: 1, 21: 1, 23: 2}
    days = {r["key"]["weekday"]: r["reports"] for r in _rows(api, headers, by="weekday")}
    # Reported on Tue 12, Sun 10, Mon 11, Wed 13 (00:20 local, still Tuesday in UTC), Wed 20 and Sun 31.
    assert days == {1: 1, 2: 1, 3: 2, 7: 2}


def test_groups_without_a_denominator_say_null(api, login, march_2019) -> None:
    rows = _rows(api, login("analyst"), by="occupation")
    assert rows and all(r["rate_per_10k"] is None and r["lift"] is None and r["ci"] is None for r in rows)
    assert {r["key"]["occupation"]: r["reports"] for r in rows} == {"ecommerce": 4, "student": 2}


def test_drill_down_lists_the_cases_behind_a_figure(api, login, march_2019) -> None:
    rows = _rows(api, login("analyst"), by="age_band", with_cases="true")
    young = next(r for r in rows if r["key"]["age_band"] == "18-30")
    assert len(young["case_ids"]) == 3
    for case_id in young["case_ids"]:
        assert api.get(f"/cases/{case_id}", headers=login("analyst")).status_code == 200


@pytest.mark.parametrize(("params", "field"), [
    ({"by": "star_sign"}, "by"),
    ({"by": "sex", "by2": "sex"}, "by2"),
    ({"by": "sex", "date_from": "2019-04-01", "date_to": "2019-03-01"}, "date_to"),
    ({"by": "sex", "fraud_type": "no_such_type"}, "fraud_type"),
])
def test_bad_questions_are_refused_naming_the_field(api, login, params, field) -> None:
    answer = api.get("/analytics/breakdown", headers=login("analyst"), params=params)
    assert answer.status_code == 422
    assert field in answer.text


def test_partners_and_call_takers_see_no_analysis(api, login) -> None:
    for role, org in (("bank_liaison", "ICBC"), ("carrier_liaison", "CMCC"), ("call_taker", "JH")):
        answer = api.get("/analytics/breakdown", headers=login(role, org), params={"by": "sex"})
        assert answer.status_code == 403, role


def test_a_population_file_with_a_bad_row_changes_nothing(march_2019, tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("district_code,age_band,sex,population\n330782,18-30,M,100\n330782,teen,F,5\n"
                   "3307,61+,F,1\n330782,18-30,X,1\n330782,31-45,F,-4\n330782,18-30,M,7\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["population", "import", str(bad)])
    assert result.exit_code != 0
    for expected in ("line 3: age_band", "line 4: district_code", "line 5: sex", "line 6: population",
                     "line 7: district_code"):
        assert expected in result.output
    from antifraud.analytics.service import population_cells

    with session_scope() as session:
        assert sum(c.population for c in population_cells(session)) == 180_000


def test_a_gb18030_population_file_is_read(march_2019, tmp_path) -> None:
    again = tmp_path / "again.csv"
    again.write_bytes(POPULATION.replace("district_code", "\ufeffdistrict_code", 0).encode("gb18030"))
    result = CliRunner().invoke(app, ["population", "import", str(again)])
    assert result.exit_code == 0, result.output
    assert "16 earlier cells replaced" in result.output
