"""A transfer to a card reported in a case raises a warning at once, whatever came before."""

from __future__ import annotations

import pytest

from .builders import GANG_CARD, NEW_PAYEE, new_warnings, scorer, store_with, transfer


@pytest.mark.parametrize("rules_only", [False, True], ids=["model", "rules"])
def test_a_transfer_to_a_reported_card_raises_a_warning(rules_only: bool) -> None:
    s = scorer(store_with(("bank_card", GANG_CARD, "brushing_rebate")), rules_only)
    out = s.observe_many([transfer(0, GANG_CARD, 3_000)])
    warnings = new_warnings(out)
    assert len(warnings) == 1
    assert warnings[0].reasons[0] == "flagged_card_transfer"
    assert warnings[0].urgency == "high"
    assert warnings[0].signal_ids == [out[0].signal_ids[0]]


def test_a_large_transfer_to_a_reported_card_is_urgent() -> None:
    s = scorer(store_with(("bank_card", GANG_CARD, "fake_investment")))
    out = s.observe_many([transfer(0, GANG_CARD, 80_000)])
    assert out[0].urgency == "urgent" and out[0].triggers == ["large_transfer_to_flagged_card"]


def test_a_transfer_to_an_unreported_card_raises_nothing() -> None:
    assert scorer().observe_many([transfer(0, NEW_PAYEE, 3_000)]) == []
