"""The likely fraud type comes from the evidence (a partner's reading, reported numbers' cases, texts),
and is revised as the evidence grows."""

from __future__ import annotations

from antifraud.warnings.engine import WarningScorer

from .builders import GANG_PHONE, call, event, new_warnings, store_with


def _partner(minutes: float, fraud_type: str, score: float = 0.9):  # type: ignore[no-untyped-def]
    return event("partner_warning", minutes, GANG_PHONE, partner_score=score,
                 extra={"kind": "phone", "fraud_type": fraud_type})


def test_a_partner_that_names_the_type_is_heard() -> None:
    store = store_with(("phone", GANG_PHONE, "impersonate_authority"))
    scorer = WarningScorer(store, rules_only=True, text_classifier=None)
    out = scorer.observe_many([*call(0, GANG_PHONE, 900), _partner(20, "fake_investment"),
                               _partner(40, "fake_investment")])
    assert new_warnings(out)[0].fraud_type == "impersonate_authority"  # what the reported number's case said
    assert out[-1].fraud_type == "fake_investment"  # revised: two partner warnings read it otherwise
    assert out[-1].revision > 0 and out[-1].opened_at == out[0].opened_at
