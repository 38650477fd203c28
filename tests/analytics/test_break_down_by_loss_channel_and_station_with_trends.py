"""An analyst breaks reports down by loss band, contact channel and the station that took them, compares each
group with the period before and the same period a year earlier, and opens a group's cases."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import pytest

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ
from antifraud.core.db import session_scope
from antifraud.orgs.service import do_create_user, principal_of
from tests.factories import case_payload, resident_id

PHONE = {"kind": "phone", "value": "13957912345"}
URL = {"kind": "url", "value": "http://shuadan-fanli.example.com/task"}
APP = {"kind": "app", "value": "com.fake.invest"}
STATION = "JH-330782-02"
# Reports far from every other test's cases: (reported, loss, identifiers, taken at the station?)
FEBRUARY_2018 = [
    ("2018-02-03 10:00", "999.99", [PHONE], True),                   # 0-1000, phone
    ("2018-02-05 11:00", "1000.00", [PHONE, URL], True),             # 1000-10000, web (a link beats a call)
    ("2018-02-10 12:00", "9999.99", [URL, APP, PHONE], False),       # 1000-10000, app
    ("2018-02-14 13:00", "10000.00", [], False),                     # 10000-100000, no channel
    ("2018-02-20 14:00", "250000.00", [APP], True),                  # 100000-1000000, app
    ("2018-02-28 23:59", "1000000.00", [PHONE], False),              # 1000000+, phone
]
JANUARY_2018 = [("2018-01-10 09:00", "500.00", [PHONE], False), ("2018-01-31 08:00", "20000.00", [PHONE], True)]
FEBRUARY_2017 = [("2017-02-02 09:00", "700.00", [APP], False), ("2017-02-27 10:00", "800.00", [URL], False),
                 ("2017-02-28 10:00", "5000.00", [URL], False)]
FEBRUARY = {"date_from": "2018-02-01", "date_to": "2018-02-28"}


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def february_2018(database_url: str) -> dict[str, int]:
    """Eleven reports over February 2018, January 2018 and February 2017; report time → case id."""
    ids = {}
    with session_scope() as session:
        at_station = principal_of(do_create_user(session, f"taker-{uuid.uuid4().hex[:6]}", "correct-horse-42",
                                                 "call_taker", STATION))
        for n, (reported, loss, identifiers, by_station) in enumerate(FEBRUARY_2018 + JANUARY_2018 + FEBRUARY_2017):
            victim = {"name": "测试", "id_number": resident_id(birth="19900101", seq=f"{n + 300:03d}")}
            data = CaseIn.model_validate(case_payload(victim=victim, fraud_type="fake_investment", loss_amount=loss,
                                                      occurred_at=_local(reported).isoformat(),
                                                      identifiers=identifiers))
            case = do_create_case(session, at_station if by_station else SYSTEM, data, reported_at=_local(reported))
            ids[reported] = case.id
    return ids


def _answer(api, headers, **params) -> dict:  # type: ignore[no-untyped-def]
    answer = api.get("/analytics/breakdown", headers=headers, params={**FEBRUARY, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_reports_by_loss_band(api, login, february_2018) -> None:
    rows = {r["key"]["loss_band"]: (r["reports"], Decimal(r["loss"]))
            for r in _answer(api, login("analyst"), by="loss_band")["rows"]}
    assert rows == {"0-1000": (1, Decimal("999.99")), "1000-10000": (2, Decimal("10999.99")),
                    "10000-100000": (1, Decimal("10000.00")), "100000-1000000": (1, Decimal("250000.00")),
                    "1000000+": (1, Decimal("1000000.00"))}


def test_reports_by_contact_channel_take_the_furthest_step(api, login, february_2018) -> None:
    rows = {r["key"]["channel"]: r["reports"] for r in _answer(api, login("analyst"), by="channel")["rows"]}
    assert rows == {"app": 2, "web": 1, "phone": 2, None: 1}


def test_reports_by_the_station_that_took_them(api, login, february_2018) -> None:
    rows = {r["key"]["station"]: r["reports"] for r in _answer(api, login("analyst"), by="station")["rows"]}
    assert rows == {STATION: 3, None: 3}  # the others were filed at the center, not at a station
    crossed = _answer(api, login("analyst"), by="station", by2="channel")["rows"]
    assert {(r["key"]["station"], r["key"]["channel"]): r["reports"] for r in crossed} == {
        (STATION, "phone"): 1, (STATION, "web"): 1, (STATION, "app"): 1, (None, "app"): 1, (None, "phone"): 1,
        (None, None): 1}


def test_each_row_against_the_month_before_and_a_year_earlier(api, login, february_2018) -> None:
    answer = _answer(api, login("commander"), by="channel")
    # A whole month compares with the whole month before and the same month a year earlier.
    assert (answer["previous_from"], answer["previous_to"]) == ("2018-01-01", "2018-01-31")
    assert (answer["year_ago_from"], answer["year_ago_to"]) == ("2017-02-01", "2017-02-28")
    rows = {r["key"]["channel"]: (r["previous"], r["year_ago"]) for r in answer["rows"]}
    assert rows == {"phone": (2, 0), "app": (0, 1), "web": (0, 2), None: (0, 0)}
    phone = next(r for r in answer["rows"] if r["key"]["channel"] == "phone")
    assert Decimal(phone["previous_loss"]) == Decimal("20500.00")
    web = next(r for r in answer["rows"] if r["key"]["channel"] == "web")
    assert Decimal(web["year_ago_loss"]) == Decimal("5800.00")
    plain = _answer(api, login("analyst"), by="channel", trends="false")
    assert all(r["previous"] is None and r["year_ago"] is None for r in plain["rows"])


def test_every_figure_drills_down_to_its_cases_in_the_case_list(api, login, february_2018) -> None:
    headers = login("analyst")
    rows = _answer(api, headers, by="loss_band", with_cases="true")["rows"]
    middle = next(r for r in rows if r["key"]["loss_band"] == "1000-10000")
    assert middle["case_ids"] == sorted([february_2018["2018-02-05 11:00"], february_2018["2018-02-10 12:00"]])
    from antifraud.cases.schemas import CaseQuery
    from antifraud.cases.service import search_cases

    with session_scope() as session:
        page = search_cases(session, SYSTEM, CaseQuery(ids=middle["case_ids"]))
    assert sorted(c.id for c in page.items) == middle["case_ids"] and page.total == 2


def test_a_bi_tool_lists_a_rows_cases_through_the_cases_api(api, login, february_2018) -> None:
    headers = login("analyst")
    rows = _answer(api, headers, by="channel", with_cases="true")["rows"]
    app_row = next(r for r in rows if r["key"]["channel"] == "app")
    listed = api.get("/cases", headers=headers, params={"ids": app_row["case_ids"]})
    assert listed.status_code == 200, listed.text
    assert sorted(c["id"] for c in listed.json()) == app_row["case_ids"]
    assert listed.headers["X-Total-Count"] == "2"
    too_many = api.get("/cases", headers=headers, params={"ids": list(range(1, 1002))})
    assert too_many.status_code == 422 and "ids" in too_many.text
    assert api.get("/cases", headers=headers, params={"ids": [2**40]}).status_code == 422


def test_other_periods_compare_with_as_many_days_before() -> None:
    from datetime import date

    from antifraud.analytics.service import comparison_periods

    # 19 days: the 19 days before, and the same dates a year earlier.
    assert comparison_periods(date(2018, 2, 10), date(2018, 2, 28)) == (
        (date(2018, 1, 22), date(2018, 2, 9)), (date(2017, 2, 10), date(2017, 2, 28)))
    # February 2025 against January, and against all 29 days of February 2024.
    assert comparison_periods(date(2025, 2, 1), date(2025, 2, 28)) == (
        (date(2025, 1, 1), date(2025, 1, 31)), (date(2024, 2, 1), date(2024, 2, 29)))
    # A leap day a year later is the 28th; a quarter compares with the quarter before.
    assert comparison_periods(date(2024, 2, 29), date(2024, 3, 5))[1] == (date(2023, 2, 28), date(2023, 3, 5))
    assert comparison_periods(date(2026, 1, 1), date(2026, 3, 31))[0] == (date(2025, 10, 1), date(2025, 12, 31))
