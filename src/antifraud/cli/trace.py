"""``antifraud trace``: a victim's money through statement files, offline, as a table or JSON.

``antifraud trace --statements FILE --txn TXN_ID [--tiers 5] [--rule fifo] [--json]``
(or ``--card CARD --at TIME --amount X`` when the victim's transfer is not in the files).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from antifraud.core.clock import fmt_local
from antifraud.tracing.engine import DEFAULT_FANOUT_CAP, DEFAULT_WINDOW, Rule, TraceResult
from antifraud.tracing.offline import TraceFileError, load_statements, message, trace_index


def render_table(result: TraceResult, console: Console) -> None:
    """Print the reached cards grouped by tier, then totals, left-trace money and cut hubs."""
    seed = result.seed.txn_id or f"{result.seed.account} @ {fmt_local(result.seed.time)}"
    table = Table(title=message("title", rule=str(result.rule), seed=seed))
    with_bank = any(a.bank_code for a in result.accounts)
    columns = [("tier", "right"), ("account", "left"), ("bank", "left"), ("first", "left"),
               ("in", "right"), ("out", "right"), ("held", "right")]
    for key, justify in columns:
        if key != "bank" or with_bank:
            table.add_column(message(key), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    tier = None
    for a in result.accounts:
        if tier is not None and a.tier != tier:
            table.add_section()
        tier = a.tier
        cells = [str(a.tier), a.account, a.bank_code or "", fmt_local(a.first_arrival),
                 f"{a.amount_in:,}", f"{a.amount_out:,}", f"{a.amount_held:,}"]
        table.add_row(*(c for i, c in enumerate(cells) if i != 2 or with_bank))
    console.print(table)
    _say(console, message("total_held", amount=f"{result.total_held:,}"))
    if result.left_trace.edges:
        _say(console, message("left", tiers=result.max_tiers, amount=f"{result.left_trace.total:,}",
                         count=len(result.left_trace.edges)))
    for hub in result.capped:
        _say(console, message("capped", account=hub.account, kept=hub.kept, dropped=hub.dropped,
                         amount=f"{hub.amount:,}"))


def _say(console: Console, text: str) -> None:
    """Print plain text: no markup, no highlighting, no wrapping of long paths."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def trace_command(
    statements: Annotated[list[Path], typer.Option("--statements", help="statement file (CSV/XLSX); repeat for more")],
    txn: Annotated[str | None, typer.Option("--txn", help="the victim's transfer id")] = None,
    card: Annotated[str | None, typer.Option("--card", help="tier-1 card, when the victim's transfer is not in the files")] = None,
    at: Annotated[str | None, typer.Option("--at", help="time the money reached --card (Asia/Shanghai)")] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="yuan that reached --card")] = None,
    tiers: Annotated[int, typer.Option("--tiers", min=1, help="tiers to follow")] = 5,
    rule: Annotated[Rule, typer.Option("--rule", help="poison, fifo or proportional")] = Rule.FIFO,
    window_hours: Annotated[float | None, typer.Option("--window-hours", help="ignore transfers this long after the seed (default 72)")] = None,
    fanout_cap: Annotated[int, typer.Option("--fanout-cap", min=1, help="transfers followed per card")] = DEFAULT_FANOUT_CAP,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """Trace a victim's money through the statements, tier by tier (资金流追踪)."""
    out = Console()
    if not out.is_terminal:
        out = Console(width=160)  # piped or captured: do not cut card numbers at 80 columns
    err = Console(stderr=True)
    window = DEFAULT_WINDOW if window_hours is None else timedelta(hours=window_hours)
    try:
        parsed, index = load_statements(statements)
        result = trace_index(index, txn, card, at, amount, tiers, rule, window, fanout_cap, None)
    except TraceFileError as exc:
        _say(err, message("error", message=exc))
        raise typer.Exit(code=2) from None
    if parsed.errors:
        _say(err, message("skipped", count=len(parsed.errors)))
        for row_error in parsed.errors[:10]:
            _say(err, f"  {row_error}")
        if len(parsed.errors) > 10:
            _say(err, message("more", count=len(parsed.errors) - 10))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_table(result, out)
