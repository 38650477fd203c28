"""An overseas or virtual-carrier call followed within an hour by a transfer to a new payee.

The number must be suspect beyond its class: it reached many citizens lately (a call room dials
hundreds; a relative abroad calls one family), else a long talk and a payment home are ordinary.
"""

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
    reach_others,
    scorer,
    transfer,
)


@pytest.mark.parametrize("number", [OVERSEAS, VIRTUAL], ids=["overseas", "virtual"])
def test_a_transfer_to_a_new_payee_soon_after_the_call_fires_the_rule(number: str) -> None:
    s = scorer(rules_only=True)  # the rule's own weight; the model weighs it against look-alikes
    out = s.observe_many([*reach_others(0, number), *call(0, number, 600), transfer(30, NEW_PAYEE, 8_000)])
    assert "odd_number_then_new_payee" in all_reasons(out)
    assert len(new_warnings(out)) == 1 and out[-1].urgency in ("high", "urgent")


def test_a_payee_paid_before_is_not_new() -> None:
    s = scorer()
    s.observe_many([transfer(-600, SHOP_CARD, 500)])
    out = s.observe_many([*reach_others(0, OVERSEAS), *call(0, OVERSEAS, 600), transfer(30, SHOP_CARD, 500)])
    assert "odd_number_then_new_payee" not in all_reasons(out)


def test_a_transfer_more_than_an_hour_later_does_not_fire_the_rule() -> None:
    out = scorer().observe_many([*reach_others(0, OVERSEAS), *call(0, OVERSEAS, 600), transfer(90, NEW_PAYEE, 8_000)])
    assert "odd_number_then_new_payee" not in all_reasons(out)


@pytest.mark.parametrize("number", [OVERSEAS, VIRTUAL], ids=["overseas", "virtual"])
def test_a_relative_abroad_calling_long_then_money_home_is_no_warning(number: str) -> None:
    s = scorer()
    out = s.observe_many([*call(0, number, 40 * 60), transfer(60, NEW_PAYEE, 5_000)])
    assert new_warnings(out) == []


def test_a_long_call_from_abroad_is_no_warning_on_its_own() -> None:
    assert new_warnings(scorer().observe_many(call(0, VIRTUAL, 45 * 60))) == []


def test_a_long_call_from_a_number_that_reaches_many_is_a_reason() -> None:
    out = scorer(rules_only=True).observe_many([*reach_others(0, VIRTUAL, 20), *call(0, VIRTUAL, 45 * 60),
                                 transfer(50, NEW_PAYEE, 20_000)])
    assert {"odd_number_call_long", "caller_spread"} <= all_reasons(out)
    assert len(new_warnings(out)) == 1
