"""Calls and SMS as columns (numbers as integer ids, times as epoch ms), indexed the way the expansion reads them.

For tens of millions of call records: one record costs a few bytes in each column instead of a Python
object, and the expansion's questions (who talked at length with this victim, how many numbers this caller
reached, when these two talked) are binary searches over arrays sorted once (CSR, as ``tracing.index`` does).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import numpy as np


def _ids(values: object) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.int64))


class CallColumns:
    """Calls and SMS over numbers ``names[i]``; long calls and messages are the contacts the expansion follows.

    ``call_*`` and ``sms_*`` columns are equal-length arrays; ``long_call_s`` is the shortest call that counts
    as a conversation (``gang.LONG_CALL_S``).
    """

    def __init__(self, names: Sequence[str], *, call_caller: object, call_callee: object, call_ms: object,
                 call_duration_s: object, sms_sender: object = (), sms_receiver: object = (), sms_ms: object = (),
                 long_call_s: int) -> None:
        self.names = names
        n = len(names)
        self.n = n
        caller, callee = _ids(call_caller), _ids(call_callee)
        ms, dur = _ids(call_ms), _ids(call_duration_s)
        sender, receiver, sms_t = _ids(sms_sender), _ids(sms_receiver), _ids(sms_ms)
        if not (len(caller) == len(callee) == len(ms) == len(dur)) or not (len(sender) == len(receiver) == len(sms_t)):
            raise ValueError("columns differ in length")
        for col in (caller, callee, sender, receiver):
            if len(col) and (int(col.min()) < 0 or int(col.max()) >= n):
                raise ValueError("number ids must index names")
        self._voice = np.zeros(n, dtype=bool)
        self._voice[caller] = True
        self._texting = np.zeros(n, dtype=bool)
        self._texting[sender] = True
        seen = np.zeros(n, dtype=bool)
        for col in (caller, callee, sender, receiver):
            seen[col] = True
        self.numbers = int(seen.sum())
        long_ = dur >= long_call_s
        src = np.concatenate([caller[long_], sender])
        dst = np.concatenate([callee[long_], receiver])
        t = np.concatenate([ms[long_], sms_t])
        del caller, callee, ms, dur, long_
        # contacts sorted by (src, dst, time): a pair's times are one slice; a number's contacts one range
        order = np.lexsort((t, dst, src))
        self._src, self._dst, self._t = src[order], dst[order], t[order]
        del order
        self._pair = self._src * np.int64(max(n, 1)) + self._dst
        self._out = np.searchsorted(self._src, np.arange(n + 1))
        first = np.ones(len(self._pair), dtype=bool)
        first[1:] = self._pair[1:] != self._pair[:-1]
        self._distinct_callees = np.bincount(self._src[first], minlength=n)
        # the distinct callers of each number, sorted by the number called
        pairs = self._pair[first]
        by_dst = np.lexsort((pairs // max(n, 1), pairs % max(n, 1)))
        self._in_src = (pairs // max(n, 1))[by_dst]
        self._in = np.searchsorted((pairs % max(n, 1))[by_dst], np.arange(n + 1))
        self._id_of: dict[str, int] | None = None

    @classmethod
    def from_records(cls, calls: Sequence[object], sms: Sequence[object], *, long_call_s: int) -> CallColumns:
        """Columns from ``flows.Call`` and ``flows.Sms`` records (the files ``antifraud link`` reads)."""
        names: dict[str, int] = {}

        def ids(values: Iterator[str]) -> np.ndarray:
            return np.fromiter((names.setdefault(v, len(names)) for v in values), dtype=np.int64)

        def ms(times: Iterator[datetime]) -> np.ndarray:
            return np.fromiter((round(t.timestamp() * 1000) for t in times), dtype=np.int64)

        columns = {"call_caller": ids(c.caller for c in calls), "call_callee": ids(c.callee for c in calls),  # type: ignore[attr-defined]
                   "call_ms": ms(c.start for c in calls),  # type: ignore[attr-defined]
                   "call_duration_s": np.fromiter((c.duration_s for c in calls), dtype=np.int64),  # type: ignore[attr-defined]
                   "sms_sender": ids(m.sender for m in sms), "sms_receiver": ids(m.receiver for m in sms),  # type: ignore[attr-defined]
                   "sms_ms": ms(m.time for m in sms)}  # type: ignore[attr-defined]
        return cls(list(names), long_call_s=long_call_s, **columns)

    def id_of(self, name: str) -> int | None:
        """The id of a number, or None when the records never name it."""
        if self._id_of is None:
            self._id_of = {str(v): i for i, v in enumerate(self.names)}
        return self._id_of.get(name)

    def callers_of(self, name: str) -> set[str]:
        """The numbers that talked at length with (or texted) this one."""
        i = self.id_of(name)
        if i is None:
            return set()
        return {str(self.names[j]) for j in self._in_src[self._in[i]:self._in[i + 1]].tolist()}

    def distinct_callees(self, name: str) -> int:
        """How many numbers this one talked at length with or texted."""
        i = self.id_of(name)
        return 0 if i is None else int(self._distinct_callees[i])

    def talks(self, caller: str, callee: str) -> list[datetime]:
        """When these two talked at length (or the first texted the second)."""
        a, b = self.id_of(caller), self.id_of(callee)
        if a is None or b is None:
            return []
        lo, hi = self._out[a], self._out[a + 1]
        key = a * max(self.n, 1) + b
        left = lo + int(np.searchsorted(self._pair[lo:hi], key, side="left"))
        right = lo + int(np.searchsorted(self._pair[lo:hi], key, side="right"))
        return [datetime.fromtimestamp(ms / 1000, tz=UTC) for ms in self._t[left:right].tolist()]

    def voice_caller(self, name: str) -> bool:
        """Whether the number placed any call."""
        i = self.id_of(name)
        return i is not None and bool(self._voice[i])

    def sms_sender(self, name: str) -> bool:
        """Whether the number sent any SMS."""
        i = self.id_of(name)
        return i is not None and bool(self._texting[i])

    @property
    def nbytes(self) -> int:
        """Bytes the index arrays hold."""
        return int(sum(a.nbytes for a in (self._src, self._dst, self._t, self._pair, self._out,
                                          self._distinct_callees, self._in_src, self._in, self._voice,
                                          self._texting)))


class ColumnCallersOf:
    """``Flows.callers_of`` over columns: number → the numbers that talked at length with it."""

    def __init__(self, columns: CallColumns) -> None:
        self._c = columns

    def get(self, name: str, default: object = ()) -> set[str] | object:
        """The callers of a number, or ``default`` when there are none."""
        found = self._c.callers_of(name)
        return found if found else default

    def __getitem__(self, name: str) -> set[str]:
        return self._c.callers_of(name)


class _Count:
    def __init__(self, n: int) -> None:
        self._n = n

    def __len__(self) -> int:
        return self._n


class ColumnCallees:
    """``Flows.callees`` over columns: only their number is read (``len(flows.callees[caller])``)."""

    def __init__(self, columns: CallColumns) -> None:
        self._c = columns

    def __getitem__(self, name: str) -> _Count:
        return _Count(self._c.distinct_callees(name))


class ColumnTalks:
    """``Flows.talks`` over columns: (caller, callee) → the times they talked at length."""

    def __init__(self, columns: CallColumns) -> None:
        self._c = columns

    def __getitem__(self, pair: tuple[str, str]) -> list[datetime]:
        return self._c.talks(*pair)


class ColumnNumbers:
    """A set of numbers the columns know (those that placed calls, or sent SMS), for ``in`` tests."""

    def __init__(self, test: object) -> None:
        self._test = test

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._test(name))  # type: ignore[operator]

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the numbers of a columnar record are tested one at a time, not listed")
