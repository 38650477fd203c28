"""Small builders for hand-worked tracing examples: transfers on 1 March 2024, Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from antifraud.core.clock import LOCAL_TZ
from antifraud.tracing.engine import TraceResult
from antifraud.tracing.index import Transfer, TransferIndex


def at(hhmm: str) -> datetime:
    """1 March 2024 at hh:mm (or hh:mm:ss) local time."""
    parts = [int(p) for p in hhmm.split(":")]
    return datetime(2024, 3, 1, *parts, tzinfo=LOCAL_TZ)  # type: ignore[misc]


def tx(txn_id: str, hhmm: str, src: str, dst: str, amount: str,
       balance_after: str | None = None) -> Transfer:
    """A transfer; `balance_after` is the payer's balance after it."""
    return Transfer(txn_id, at(hhmm), src, dst, Decimal(amount),
                    balance_after=None if balance_after is None else Decimal(balance_after))


def index_of(*transfers: Transfer, opening: dict[str, str] | None = None) -> TransferIndex:
    """Index over the transfers; opening balances in yuan, or derived from balance_after."""
    balances = None if opening is None else {k: Decimal(v) for k, v in opening.items()}
    return TransferIndex.from_transfers(transfers, balances)


def amounts(result: TraceResult) -> dict[str, tuple[int, str, str, str]]:
    """card → (tier, in, out, held) as text, for compact assertions."""
    return {a.account: (a.tier, str(a.amount_in), str(a.amount_out), str(a.amount_held))
            for a in result.accounts}


def carried(result: TraceResult) -> dict[str, str]:
    """txn_id → attributed amount as text, for the edges followed."""
    return {e.txn_id: str(e.attributed) for e in result.edges}
