"""A breakdown asked again after new reports were filed counts them (the kept period grows by the new reports)."""

from __future__ import annotations

from datetime import datetime

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import LOCAL_TZ
from antifraud.core.db import session_scope
from tests.factories import case_payload, resident_id

MAY_2016 = {"date_from": "2016-05-01", "date_to": "2016-05-31"}


def _file(reported: str, loss: str, identifiers: list[dict[str, str]], seq: int) -> int:
    at = datetime.strptime(reported, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
    victim = {"name": "测试", "id_number": resident_id(birth="19800101", seq=f"{seq:03d}")}
    data = CaseIn.model_validate(case_payload(victim=victim, fraud_type="fake_loan", loss_amount=loss,
                                              occurred_at=at.isoformat(), identifiers=identifiers))
    with session_scope() as session:
        return do_create_case(session, SYSTEM, data, reported_at=at).id


def _bands(api, headers) -> dict:  # type: ignore[no-untyped-def]
    answer = api.get("/analytics/breakdown", headers=headers,
                     params={**MAY_2016, "by": "loss_band", "by2": "channel", "with_cases": "true"})
    assert answer.status_code == 200, answer.text
    return {(r["key"]["loss_band"], r["key"]["channel"]): (r["reports"], r["case_ids"]) for r in answer.json()["rows"]}


def test_new_reports_are_counted_when_the_breakdown_is_asked_again(api, login, database_url) -> None:
    headers = login("analyst")
    first = _file("2016-05-03 10:00", "500.00", [{"kind": "phone", "value": "13957912345"}], 401)
    assert _bands(api, headers) == {("0-1000", "phone"): (1, [first])}
    second = _file("2016-05-20 10:00", "700.00", [{"kind": "phone", "value": "13957912345"}], 402)
    third = _file("2016-05-21 10:00", "5000000.00", [{"kind": "app", "value": "com.loan.fast"}], 403)
    assert _bands(api, headers) == {("0-1000", "phone"): (2, sorted([first, second])),
                                    ("1000000+", "app"): (1, [third])}
    _file("2016-06-01 00:00", "900.00", [], 404)  # the next month: not in May
    assert _bands(api, headers)[("0-1000", "phone")][0] == 2
