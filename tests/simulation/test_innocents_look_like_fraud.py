"""The city's innocent look-alikes: overseas relatives, privacy numbers, big honest payments, adverts with links.

They are what real warning systems drown in, so they must be in the data, plentiful, and never
labelled as fraud in the ground truth.
"""

from __future__ import annotations

import pyarrow.compute as pc

from antifraud.simulation import SimulationConfig
from antifraud.simulation.lookalikes import LEGIT_APPS
from antifraud.warnings.features import phone_class

from .conftest import Run, run


def _numbers(table, column: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(v) for v in table.column(column).to_pylist()]


def test_relatives_and_partners_abroad_call_for_long_and_nobody_calls_it_fraud(busy_month: Run) -> None:
    calls = busy_month.tables["calls"]
    fraud_ids = set(busy_month.labels.filter(pc.equal(busy_month.labels["stream"], "calls"))["event_id"].to_pylist())
    overseas = [(cid, dur) for cid, caller, dur in zip(calls["call_id"].to_pylist(), _numbers(calls, "caller"),
                                                       calls["duration_s"].to_pylist(), strict=True)
                if phone_class(caller) == "overseas"]
    innocent_long = [cid for cid, dur in overseas if dur >= 600 and cid not in fraud_ids]
    fraud_long = [cid for cid, dur in overseas if dur >= 600 and cid in fraud_ids]
    assert len(innocent_long) > 3 * max(1, len(fraud_long))  # look-alikes far outnumber the frauds


def test_couriers_and_drivers_on_virtual_numbers_call_many_citizens_briefly(busy_month: Run) -> None:
    calls = busy_month.tables["calls"]
    fraud_ids = set(busy_month.labels.filter(pc.equal(busy_month.labels["stream"], "calls"))["event_id"].to_pylist())
    reach: dict[str, set[str]] = {}
    for cid, caller, callee, dur in zip(calls["call_id"].to_pylist(), _numbers(calls, "caller"),
                                        _numbers(calls, "callee"), calls["duration_s"].to_pylist(), strict=True):
        if cid not in fraud_ids and phone_class(caller) == "virtual" and dur < 180:
            reach.setdefault(caller, set()).add(callee)
    assert max(len(v) for v in reach.values()) >= 20


def test_marketing_texts_carry_links_to_small_sites_that_are_then_visited(busy_month: Run) -> None:
    sms, visits = busy_month.tables["sms"], busy_month.tables["visits"]
    adverts = [t for t in sms["text"].to_pylist() if "http://" in t and ("退订" in t or "您好" in t or "【" in t)]
    assert len(adverts) > 20
    linked = {t.split("http://", 1)[1].split("/", 1)[0] for t in adverts}
    visited = set(visits["target"].to_pylist())
    assert linked & visited
    assert set(LEGIT_APPS) & visited  # apps nobody's whitelist knows, opened every day


def test_large_honest_payments_to_new_payees_happen(busy_month: Run) -> None:
    transfers = busy_month.tables["transfers"]
    fraud_ids = set(busy_month.labels.filter(pc.equal(busy_month.labels["stream"], "transfers"))["event_id"]
                    .to_pylist())
    big = [tid for tid, amount in zip(transfers["txn_id"].to_pylist(), transfers["amount_fen"].to_pylist(), strict=True)
           if amount >= 5_000_000 and tid not in fraud_ids]
    assert len(big) >= 5


def test_look_alikes_can_be_switched_off_and_scaled() -> None:
    off = run(seed=5, scale=0.003, days=3, config=SimulationConfig(fraud=False, lookalikes=False))
    on = run(seed=5, scale=0.003, days=3, config=SimulationConfig(fraud=False))
    more = run(seed=5, scale=0.003, days=3, config=SimulationConfig(fraud=False, lookalike_rate=5.0))
    overseas = [sum(phone_class(c) == "overseas" for c in _numbers(r.tables["calls"], "caller"))
                for r in (off, on, more)]
    assert overseas[0] == 0 < overseas[1] < overseas[2]
