"""A call from a number reported in a case, longer than two minutes, raises a warning that says so."""

from __future__ import annotations

import pytest

from .builders import GANG_PHONE, all_reasons, call, new_warnings, scorer, store_with


@pytest.mark.parametrize("rules_only", [False, True], ids=["model", "rules"])
def test_a_long_call_with_a_reported_number_raises_a_warning(rules_only: bool) -> None:
    s = scorer(store_with(("phone", GANG_PHONE, "fake_customer_service")), rules_only)
    out = s.observe_many(call(0, GANG_PHONE, 25 * 60))
    warnings = new_warnings(out)
    assert len(warnings) == 1
    assert "indicator_call_long" in warnings[0].reasons
    assert warnings[0].time.minute == 2  # raised while the call goes on, when it passes two minutes
    assert warnings[0].fraud_type == "fake_customer_service"
    assert 0.0 <= warnings[0].score <= 1.0


@pytest.mark.parametrize("rules_only", [False, True], ids=["model", "rules"])
def test_a_short_call_with_a_reported_number_raises_nothing(rules_only: bool) -> None:
    s = scorer(store_with(("phone", GANG_PHONE, "fake_customer_service")), rules_only)
    out = s.observe_many(call(0, GANG_PHONE, 40))
    assert new_warnings(out) == []
    assert "indicator_call_long" not in all_reasons(out)


def test_the_same_call_from_an_unreported_ordinary_number_raises_nothing() -> None:
    out = scorer().observe_many(call(0, "+8613957922222", 5 * 60))
    assert out == []
