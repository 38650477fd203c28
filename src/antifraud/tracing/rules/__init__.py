"""The Python rules of the fund-flow trace, one module each, keyed by `Rule`."""

from __future__ import annotations

from collections.abc import Callable

from antifraud.tracing.results import Rule
from antifraud.tracing.rules.fifo import trace_fifo
from antifraud.tracing.rules.poison import trace_poison
from antifraud.tracing.rules.proportional import trace_proportional
from antifraud.tracing.rules.run import TraceRun

RULES: dict[Rule, Callable[[TraceRun], None]] = {
    Rule.FIFO: trace_fifo,
    Rule.PROPORTIONAL: trace_proportional,
    Rule.POISON: trace_poison,
}
"""The rule's trace over a prepared `TraceRun` (the seed's card reached, nothing booked yet)."""

__all__ = ["RULES", "TraceRun"]
