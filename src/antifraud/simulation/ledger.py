"""Every bank account in the simulation with its running balance, so transfers carry ``balance_after``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class Ledger:
    """Account numbers (uint64 card numbers) and balances in fen, indexed by a dense account id."""

    def __init__(self, capacity: int = 1024) -> None:
        self.numbers = np.zeros(capacity, dtype=np.uint64)
        self.balance = np.zeros(capacity, dtype=np.int64)
        self.count = 0

    def add(self, numbers: np.ndarray, balances: np.ndarray) -> int:
        """Open accounts; return the id of the first one (ids are consecutive)."""
        n = len(numbers)
        if self.count + n > len(self.numbers):
            size = max(self.count + n, 2 * len(self.numbers))
            self.numbers = np.resize(self.numbers, size)
            self.balance = np.resize(self.balance, size)
        first = self.count
        self.numbers[first:first + n] = numbers
        self.balance[first:first + n] = balances
        self.count += n
        return first

    def add_one(self, number: int, balance: int) -> int:
        """Open one account; return its id."""
        return self.add(np.array([number], dtype=np.uint64), np.array([balance], dtype=np.int64))

    def number(self, account: int) -> str:
        """Return the card number of one account."""
        return str(int(self.numbers[account]))

    def strings(self, accounts: np.ndarray) -> pa.Array:
        """Return card numbers of many accounts as an Arrow string array."""
        return pc.cast(pa.array(self.numbers[accounts], type=pa.uint64()), pa.string())

    def post(self, source: np.ndarray, target: np.ndarray, amount: np.ndarray) -> np.ndarray:
        """Apply transfers (already in time order); return the payer's balance after each one."""
        n = len(amount)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        accounts = np.concatenate([source, target])
        deltas = np.concatenate([-amount, amount])
        rows = np.concatenate([np.arange(n), np.arange(n)])
        side = np.concatenate([np.ones(n, dtype=np.int8), np.zeros(n, dtype=np.int8)])
        order = np.lexsort((side, rows, accounts))  # a self-transfer credits before it debits
        acc_sorted = accounts[order]
        running = np.cumsum(deltas[order])
        starts = np.r_[0, np.flatnonzero(np.diff(acc_sorted)) + 1]
        group_base = np.repeat(running[starts] - deltas[order][starts], np.diff(np.r_[starts, 2 * n]))
        after = self.balance[acc_sorted] + running - group_base
        payer_after = np.empty(n, dtype=np.int64)
        is_payer = order < n
        payer_after[order[is_payer]] = after[is_payer]
        np.add.at(self.balance, accounts, deltas)
        return payer_after
