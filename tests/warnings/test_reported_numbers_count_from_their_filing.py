"""A number learned from a filed case counts for every signal received after the filing, whatever the
signal's time stamp says against our clock (a partner's clock off ours, a stream replayed days late
or early); never for a signal received before it, not even when a restarted scorer reads it again.
One citizen keeps one open warning, updated, on any clock."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from antifraud.core.clock import now
from antifraud.warnings.scoring import reset_scorer
from tests.factories import card_of, case_payload
from tests.warnings.helpers import fresh_mobile, text_then_link_opened

SHIFTS = [pytest.param(-20, id="20-days-behind"), pytest.param(20, id="20-days-ahead")]
INDICATOR_REASONS = {"indicator_call_long", "indicator_contact"}
_rng = random.Random(20)


def _suspect_phone() -> str:
    """An ordinary mobile number: a long call from it says nothing until a case reports it."""
    return f"+86139{_rng.randrange(10**8):08d}"


def _file_case(api, login, phone: str | None = None, card: str | None = None) -> None:  # type: ignore[no-untyped-def]
    identifiers = [{"kind": "phone", "value": phone}] if phone else []
    identifiers += [{"kind": "bank_card", "value": card}] if card else []
    r = api.post("/cases", headers=login("call_taker"), json=case_payload(fraud_type="impersonate_authority",
                                                                          identifiers=identifiers))
    assert r.status_code == 201, r.text


def _call(citizen: str, phone: str, at: datetime, tag: str) -> dict[str, Any]:
    return {"signal_id": f"{tag}-{citizen[-8:]}-call", "kind": "call", "time": at.isoformat(), "citizen": citizen,
            "counterpart": phone, "duration_s": 1500}


def _pay(citizen: str, card: str, at: datetime, tag: str) -> dict[str, Any]:
    return {"signal_id": f"{tag}-{citizen[-8:]}-pay", "kind": "transfer", "time": at.isoformat(), "citizen": citizen,
            "counterpart": card, "amount": "30000.00", "direction": "out"}


def _post(api, headers, *lines: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = api.post("/signals", headers=headers, content=("\n".join(json.dumps(x) for x in lines) + "\n").encode())
    assert r.status_code == 200, r.text
    return dict(r.json())


def _warnings_of(api, login, citizen: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [w for w in api.get("/warnings?status=all&limit=2000", headers=login("commander")).json()
            if w["citizen"] == citizen]


@pytest.mark.parametrize("days", SHIFTS)
def test_a_reported_number_counts_for_a_call_stamped_days_away_from_our_clock(api, login, days: int) -> None:
    phone, citizen = _suspect_phone(), fresh_mobile()
    _file_case(api, login, phone=phone)
    out = _post(api, login("analyst"), _call(citizen, phone, now() + timedelta(days=days), "IC"))
    assert out["warnings_created"] == 1
    (warning,) = _warnings_of(api, login, citizen)
    assert INDICATOR_REASONS & set(warning["reasons"])


@pytest.mark.parametrize("days", SHIFTS)
def test_a_call_received_before_the_case_does_not_count_it_even_after_a_restart(api, login, days: int) -> None:
    """The restarted scorer reads the first call again, with what was known when it came in."""
    phone, citizen = _suspect_phone(), fresh_mobile()
    analyst = login("analyst")
    t = now() + timedelta(days=days)
    before = _post(api, analyst, _call(citizen, phone, t, "B1"))
    assert before["warnings_created"] == 0
    _file_case(api, login, phone=phone)
    reset_scorer()
    after = _post(api, analyst, _call(citizen, phone, t + timedelta(hours=1), "B2"))
    assert after["warnings_created"] == 1
    (warning,) = _warnings_of(api, login, citizen)
    assert INDICATOR_REASONS & set(warning["reasons"])
    # opened by the call after the case, not by the one before it
    assert datetime.fromisoformat(warning["first_signal_at"]) == t + timedelta(hours=1)


@pytest.mark.parametrize("days", SHIFTS)
def test_one_open_warning_per_citizen_is_updated_on_the_signals_clock(api, login, days: int) -> None:
    """A second scorer (another worker, started before the citizen's call) sees only the transfer:
    it strengthens the citizen's open warning instead of raising another."""
    phone, card, citizen = _suspect_phone(), card_of("ICBC", _rng), fresh_mobile()
    _file_case(api, login, phone=phone, card=card)
    analyst = login("analyst")
    t = now() + timedelta(days=days)
    first = _post(api, analyst, _call(citizen, phone, t, "O1"))
    assert first["warnings_created"] == 1
    reset_scorer()
    _post(api, analyst, _call(fresh_mobile("1385791"), "+8613957900000", now(), f"O0{days}"))  # warms it here
    second = _post(api, analyst, _pay(citizen, card, t + timedelta(minutes=26), "O2"))
    assert (second["warnings_created"], second["warnings_updated"]) == (0, 1)
    (warning,) = _warnings_of(api, login, citizen)
    assert "flagged_card_transfer" in warning["reasons"] and INDICATOR_REASONS & set(warning["reasons"])


@pytest.mark.parametrize("days", SHIFTS)
def test_a_restart_remembers_the_text_before_the_visit_days_away_from_our_clock(api, login, days: int) -> None:
    """The restarted scorer replays the window of the signals' own clock, not only ours: the text
    alone warns nobody, its link opened five minutes later does."""
    citizen = fresh_mobile()
    t = now() + timedelta(days=days)
    analyst = login("analyst")
    sms, visit = text_then_link_opened(citizen, t, f"RS-{citizen[-8:]}")
    assert _post(api, analyst, sms)["warnings_created"] == 0
    reset_scorer()
    second = _post(api, analyst, visit)
    assert (second["warnings_created"], second["warnings_updated"]) == (1, 0)
