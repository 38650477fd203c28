"""The emergency plan: impersonation of authority, a call still going on and money moving is urgent."""

from __future__ import annotations

import pytest

from .builders import (
    GANG_PHONE,
    NEW_PAYEE,
    OVERSEAS,
    PHISHING,
    call,
    event,
    reach_others,
    scorer,
    store_with,
    transfer,
)


def _authority_case(pay_at: float, call_minutes: int = 70) -> list:
    events = [*call(0, GANG_PHONE, call_minutes * 60),
              event("visit", 10, PHISHING, extra={"kind": "domain"}),
              transfer(pay_at, NEW_PAYEE, 20_000)]
    return sorted(events, key=lambda e: e.time)


@pytest.mark.parametrize("rules_only", [False, True], ids=["model", "rules"])
def test_paying_during_the_call_makes_the_warning_urgent(rules_only: bool) -> None:
    s = scorer(store_with(("phone", GANG_PHONE, "impersonate_authority"),
                          ("domain", PHISHING, "impersonate_authority")), rules_only)
    out = s.observe_many(_authority_case(pay_at=40))
    first, last = out[0], out[-1]
    assert first.urgency != "urgent" and first.revision == 0
    assert last.urgency == "urgent" and last.revision > 0
    assert "authority_call_money" in last.triggers
    assert last.fraud_type == "impersonate_authority"
    assert last.time.minute == 40  # the payment
    assert {"call_in_progress_money", "indicator_call_long"} <= set(last.reasons)


def test_paying_after_the_call_ended_is_not_urgent() -> None:
    s = scorer(store_with(("phone", GANG_PHONE, "impersonate_authority"),
                          ("domain", PHISHING, "impersonate_authority")))
    out = s.observe_many(_authority_case(pay_at=50, call_minutes=30))
    assert all(c.urgency != "urgent" for c in out)
    assert out[-1].urgency == "high"


def test_money_moving_during_any_suspect_call_is_urgent() -> None:
    # a number that dialled many citizens (a call room), not a relative abroad: see the look-alike tests
    events = sorted([*reach_others(0, OVERSEAS), *call(0, OVERSEAS, 3600), transfer(20, NEW_PAYEE, 5_000)],
                    key=lambda e: e.time)
    out = scorer().observe_many(events)
    assert any(c.urgency == "urgent" and "remote_guided_payment" in c.triggers for c in out)
    assert out[-1].urgency == "urgent"  # and it stays urgent to the end of the call
