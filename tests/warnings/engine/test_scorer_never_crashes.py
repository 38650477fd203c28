"""Whatever arrives — odd kinds, empty or strange fields, times out of order — the scorer keeps going."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from antifraud.classifier import text_verdicts
from antifraud.warnings.engine import URGENCIES, InMemoryIndicatorStore, SignalEvent, WarningScorer

from .builders import GANG_CARD, GANG_PHONE, OVERSEAS, PHISHING, T0, store_with

_counterparts = st.one_of(st.sampled_from([GANG_PHONE, OVERSEAS, GANG_CARD, PHISHING, "96110", "", "微信", "+"]),
                          st.text(max_size=30))
_numbers = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True))
_extra = st.dictionaries(st.sampled_from(["phase", "direction", "kind", "ip", "channel"]),
                         st.one_of(st.sampled_from(["start", "progress", "end", "in", "out", "app", "domain"]),
                                   st.none(), st.integers(), st.text(max_size=8)), max_size=4)
_zones = st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))])


@st.composite
def events(draw: st.DrawFn) -> SignalEvent:
    offset = draw(st.integers(-3 * 86_400, 30 * 86_400))
    return SignalEvent(
        signal_id=draw(st.text(max_size=12)), time=(T0 + timedelta(seconds=offset)).astimezone(draw(_zones)),
        kind=draw(st.sampled_from(["call", "sms", "transfer", "visit", "partner_warning", "fax", ""])),
        citizen=draw(st.sampled_from(["+8613857900001", "+8613857900002", ""])),
        counterpart=draw(_counterparts), duration_s=draw(_numbers), amount_fen=draw(_numbers),
        text=draw(st.one_of(st.none(), st.text(max_size=60), st.just("点击 https://kefu-lipei.top/x 领取"))),
        partner_score=draw(_numbers), extra=draw(_extra),
    )


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(events(), max_size=40), st.booleans(), st.booleans())
def test_the_scorer_never_crashes(batch: list[SignalEvent], rules_only: bool, learn: bool) -> None:
    store = store_with(("phone", GANG_PHONE, "impersonate_authority"), ("bank_card", GANG_CARD, "fake_loan"),
                       ("domain", PHISHING, "impersonate_authority"))
    scorer = WarningScorer(store, rules_only=rules_only, learn_from_partners=learn,
                           text_classifier=text_verdicts)
    out = scorer.observe_many(batch) + [c for c in map(scorer.observe, batch) if c is not None]
    for c in out:
        assert 0.0 <= c.score <= 1.0 and c.urgency in URGENCIES and c.revision >= 0 and c.reasons


def test_naive_times_are_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="timezone-aware"):
        SignalEvent("S1", datetime(2024, 1, 1), "call", "+8613857900001")


def test_an_empty_store_and_no_events_are_fine() -> None:
    assert WarningScorer(InMemoryIndicatorStore(), text_classifier=text_verdicts).observe_many([]) == []


def test_no_warning_without_a_citizen_or_a_reason() -> None:
    # found by the property above: the same calls twice, then a transfer and a partner's warning with
    # no citizen, once raised a reasonless warning for the empty citizen
    def ev(kind: str, citizen: str, **kw: object) -> SignalEvent:
        plain = SignalEvent(signal_id="", time=T0, kind=kind, citizen=citizen, counterpart="+8618143334698",
                            duration_s=None, amount_fen=None, text=None, partner_score=None, extra={})
        return replace(plain, **kw)  # type: ignore[arg-type]

    batch = [ev("call", "+8613857900001")] * 4 + [ev("transfer", "", amount_fen=6601417.0),
                                                  ev("partner_warning", "", partner_score=0)]
    store = store_with(("phone", GANG_PHONE, "impersonate_authority"), ("bank_card", GANG_CARD, "fake_loan"),
                       ("domain", PHISHING, "impersonate_authority"))
    scorer = WarningScorer(store, text_classifier=text_verdicts)
    out = scorer.observe_many(batch) + [c for c in map(scorer.observe, batch) if c is not None]
    assert all(c.citizen and c.reasons for c in out)
