"""An overseas or virtual-carrier call followed within an hour by a transfer to a new payee."""

from __future__ import annotations

import pytest

from .builders import (
    NEW_PAYEE,
    OVERSEAS,
    SHOP_CARD,
    VIRTUAL,
    all_reasons,
    call,
    new_warnings,
    scorer,
    transfer,
)


@pytest.mark.parametrize("number", [OVERSEAS, VIRTUAL], ids=["overseas", "virtual"])
@pytest.mark.parametrize("rules_only", [False, True], ids=["model", "rules"])
def test_a_transfer_to_a_new_payee_soon_after_the_call_fires_the_rule(number: str, rules_only: bool) -> None:
    s = scorer(rules_only=rules_only)
    out = s.observe_many([*call(0, number, 60), transfer(30, NEW_PAYEE, 8_000)])
    assert "odd_number_then_new_payee" in all_reasons(out)
    warnings = new_warnings(out)
    assert len(warnings) == 1 and warnings[0].urgency in ("high", "urgent")


def test_a_payee_paid_before_is_not_new() -> None:
    s = scorer()
    s.observe_many([transfer(-600, SHOP_CARD, 50)])
    out = s.observe_many([*call(0, OVERSEAS, 60), transfer(30, SHOP_CARD, 50)])
    assert "odd_number_then_new_payee" not in all_reasons(out)


def test_a_transfer_more_than_an_hour_later_does_not_fire_the_rule() -> None:
    out = scorer().observe_many([*call(0, OVERSEAS, 60), transfer(90, NEW_PAYEE, 8_000)])
    assert "odd_number_then_new_payee" not in all_reasons(out)


def test_a_long_call_from_abroad_is_itself_a_reason() -> None:
    out = scorer().observe_many(call(0, VIRTUAL, 15 * 60))
    assert "odd_number_call_long" in all_reasons(out)
    assert len(new_warnings(out)) == 1
