"""One open warning per citizen: later evidence updates it; after 24 hours of quiet a new one may open."""

from __future__ import annotations

from .builders import (
    CITIZEN,
    GANG_CARD,
    GANG_PHONE,
    OTHER_CITIZEN,
    call,
    new_warnings,
    scorer,
    store_with,
    transfer,
)


def _store():
    return store_with(("phone", GANG_PHONE, "fake_investment"), ("bank_card", GANG_CARD, "fake_investment"))


def test_more_evidence_updates_the_open_warning() -> None:
    events = [*call(0, GANG_PHONE, 1800), transfer(120, GANG_CARD, 5_000), *call(300, GANG_PHONE, 900),
              transfer(600, GANG_CARD, 20_000)]
    out = scorer(_store()).observe_many(sorted(events, key=lambda e: e.time))
    assert len(new_warnings(out)) == 1
    assert [c.revision for c in out] == list(range(len(out)))
    assert len({c.opened_at for c in out}) == 1
    assert out[-1].score >= out[0].score
    assert "flagged_card_transfer" in out[-1].reasons


def test_after_a_quiet_day_a_new_warning_opens() -> None:
    s = scorer(_store())
    first = s.observe_many(call(0, GANG_PHONE, 600))
    second = s.observe_many(call(25 * 60, GANG_PHONE, 600))
    assert len(new_warnings(first)) == 1 and len(new_warnings(second)) == 1
    assert second[0].opened_at > first[0].opened_at


def test_each_citizen_gets_their_own_warning() -> None:
    events = sorted([*call(0, GANG_PHONE, 600), *call(1, GANG_PHONE, 600, citizen=OTHER_CITIZEN)],
                    key=lambda e: e.time)
    out = new_warnings(scorer(_store()).observe_many(events))
    assert sorted(w.citizen for w in out) == sorted([CITIZEN, OTHER_CITIZEN])
