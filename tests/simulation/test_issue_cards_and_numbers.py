"""Issuing cards and numbers in bulk: vectorised check digits agree with the platform's validators."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from antifraud.identifiers import luhn_check_digit
from antifraud.identifiers.resident_ids import check_digit
from antifraud.simulation.ledger import Ledger
from antifraud.simulation.numbering import (
    RID_CHECK_CHARS,
    MobileNumberPool,
    luhn_digits,
    resident_id_check_index,
)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=10**14, max_value=10**18 - 1), min_size=1, max_size=50))
def test_bulk_luhn_digits_match_the_validator(partials: list[int]) -> None:
    digits = luhn_digits(np.array(partials, dtype=np.uint64))
    assert [str(int(d)) for d in digits] == [luhn_check_digit(str(p)) for p in partials]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=10**16, max_value=10**17 - 1), min_size=1, max_size=50))
def test_bulk_resident_id_check_characters_match_the_validator(bodies: list[int]) -> None:
    chars = RID_CHECK_CHARS[resident_id_check_index(np.array(bodies, dtype=np.int64))]
    assert list(chars) == [check_digit(str(b)) for b in bodies]


def test_number_pool_never_repeats_a_number() -> None:
    pool = MobileNumberPool.from_prefixes(["1385790", "1385791", "1395792"], np.random.default_rng(1))
    numbers = np.concatenate([pool.issue(10_000), pool.issue(20_000)])
    assert len(np.unique(numbers)) == 30_000
    assert set((numbers // 10_000).tolist()) == {1385790, 1385791, 1395792}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(1, 10_000)), max_size=60))
def test_ledger_reports_each_payers_running_balance(moves: list[tuple[int, int, int]]) -> None:
    ledger = Ledger(4)
    ledger.add(np.arange(5, dtype=np.uint64), np.full(5, 50_000, dtype=np.int64))
    expected, after = [50_000] * 5, []
    for src, dst, amount in moves:
        expected[src] -= amount
        expected[dst] += amount
        after.append(expected[src])
    if moves:
        got = ledger.post(*(np.array(col, dtype=np.int64) for col in zip(*moves, strict=True)))
        assert got.tolist() == after
    assert ledger.balance[:5].tolist() == expected
