"""The big screen's figures move when reports are filed and money is stopped."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import case_payload


def test_summary_counts_reports_losses_and_stopped_money(api, login) -> None:
    commander = login("commander")
    before = api.get("/stats/summary", headers=commander).json()
    case = api.post("/cases", headers=login("call_taker"), json=case_payload(loss_amount="5000.25")).json()
    mid = api.get("/stats/summary", headers=commander).json()
    assert mid["reports_today"] == before["reports_today"] + 1
    assert mid["reports_year"] == before["reports_year"] + 1
    assert Decimal(mid["loss_today"]) - Decimal(before["loss_today"]) == Decimal("5000.25")
    assert mid["requests_pending"] == before["requests_pending"] + 2
    rid = next(q["id"] for q in case["requests"] if q["kind"] == "stop_payment")
    api.post(f"/requests/{rid}/complete", headers=login("bank_liaison", "ICBC"),
             json={"outcome": "frozen", "balance": "4000", "amount": "3999.99"})
    after = api.get("/stats/summary", headers=commander).json()
    assert Decimal(after["stopped_today"]) - Decimal(before["stopped_today"]) == Decimal("3999.99")
    assert Decimal(after["stopped_year"]) - Decimal(before["stopped_year"]) == Decimal("3999.99")
    assert after["requests_pending"] == before["requests_pending"] + 1
    assert after["median_completion_seconds"] is not None


def test_overdue_requests_are_counted(engine, make_user) -> None:
    from datetime import timedelta

    from antifraud.analytics.service import summary
    from antifraud.cases.schemas import CaseIn
    from antifraud.cases.service import do_create_case
    from antifraud.core.clock import now
    from antifraud.core.db import session_scope

    _, _, clerk = make_user("call_taker")
    _, _, boss = make_user("commander")
    with session_scope() as s:
        before = summary(s, boss).requests_overdue
        do_create_case(s, clerk, CaseIn.model_validate(case_payload(occurred_at=(now() - timedelta(hours=3)).isoformat())),
                    reported_at=now() - timedelta(minutes=10))
    with session_scope() as s:
        assert summary(s, boss).requests_overdue == before + 2
