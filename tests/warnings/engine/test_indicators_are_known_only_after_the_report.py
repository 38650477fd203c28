"""No look-ahead: an identifier counts only for signals after the report that revealed it, until it expires."""

from __future__ import annotations

from datetime import timedelta

from antifraud.warnings.engine import InMemoryIndicatorStore

from .builders import (
    GANG_CARD,
    GANG_PHONE,
    OTHER_CITIZEN,
    T0,
    at,
    call,
    new_warnings,
    scorer,
    store_with,
    transfer,
)


class _Report:
    def __init__(self, minutes: float) -> None:
        self.time = at(minutes)
        self.fraud_type = "brushing_rebate"
        self.phones = (GANG_PHONE,)
        self.cards = (GANG_CARD,)
        self.urls = ("https://shuadan-renwu.icu/task?c=1",)
        self.apps = ("蜜蜂兼职",)


def test_a_card_reported_after_the_transfer_does_not_count_for_it() -> None:
    store = store_with(("bank_card", GANG_CARD, "brushing_rebate"), learned=at(60))
    out = scorer(store).observe_many([transfer(30, GANG_CARD, 3_000)])  # arrives late, after the report
    assert out == []


def test_signals_before_the_report_raise_nothing_and_the_same_after_it_do() -> None:
    store = InMemoryIndicatorStore()
    s = scorer(store)
    assert s.observe_many([*call(0, GANG_PHONE, 600), transfer(20, GANG_CARD, 3_000)]) == []
    assert store.learn_report(_Report(120)) == 4
    out = s.observe_many([*call(180, GANG_PHONE, 600, citizen=OTHER_CITIZEN),
                          transfer(200, GANG_CARD, 3_000, citizen=OTHER_CITIZEN)])
    assert [w.citizen for w in new_warnings(out)] == [OTHER_CITIZEN]
    assert "indicator_call_long" in out[0].reasons


def test_an_expired_indicator_no_longer_counts() -> None:
    store = store_with(("phone", GANG_PHONE, "fake_loan"), learned=T0 - timedelta(days=45))
    assert store.lookup("phone", GANG_PHONE) is not None
    assert scorer(store).observe_many(call(0, GANG_PHONE, 600)) == []


def test_a_second_report_strengthens_and_extends_an_indicator() -> None:
    store = InMemoryIndicatorStore()
    store.learn_report(_Report(0))
    first = store.lookup("phone", GANG_PHONE)
    store.learn_report(_Report(24 * 60))
    second = store.lookup("phone", GANG_PHONE)
    assert first is not None and second is not None
    assert second.confidence > first.confidence and second.cases == 2
    assert second.first_seen == first.first_seen and second.expires_at > first.expires_at
    assert store.lookup("domain", "shuadan-renwu.icu") is not None  # URLs are kept by host
