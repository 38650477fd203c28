"""Trace a victim's money straight from statement files, without the database (离线资金追踪).

`trace_file` is the function; `trace_command` is the Typer command registered as
``antifraud trace --statements FILE --txn TXN_ID [--tiers 5] [--rule fifo] [--json]``
(or ``--card CARD --at TIME --amount X`` when the victim's transfer is not in the files).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from antifraud.core.clock import fmt_local
from antifraud.tracing.engine import (
    DEFAULT_FANOUT_CAP,
    DEFAULT_WINDOW,
    BankResolver,
    CardSeed,
    Rule,
    TraceInputError,
    TraceResult,
    trace_funds,
)
from antifraud.tracing.index import TransferIndex
from antifraud.tracing.statements import ParseResult, StatementFileError, parse_statements

# The command's own words, Chinese first (the default) and English (ANTIFRAUD_DEFAULT_LANGUAGE=en).
_TEXT: dict[str, tuple[str, str]] = {
    "no_seed": ("请给出 --txn，或同时给出 --card、--at 和 --amount",
                "give --txn, or all of --card, --at and --amount"),
    "both_seeds": ("--txn 与 --card/--at/--amount 只能二选一",
                   "give either --txn or --card/--at/--amount, not both"),
    "bad_time": ("--at：无法识别的时间 {value!r}（例如 2024-03-01 10:22:33）",
                 "--at: not a time: {value!r} (e.g. 2024-03-01 10:22:33)"),
    "bad_amount": ("--amount：不是金额：{value!r}", "--amount: not an amount: {value!r}"),
    "no_transfers": ("流水文件中没有可用的交易", "no usable transfers in the statements"),
    "skipped": ("已跳过 {count} 行有问题的流水：", "skipped {count} bad statement rows:"),
    "more": ("……另有 {count} 行", "… and {count} more"),
    "title": ("资金流追踪（{rule}）：种子 {seed}", "Fund-flow trace ({rule}): seed {seed}"),
    "tier": ("层级", "Tier"), "account": ("卡号", "Card"), "bank": ("银行", "Bank"),
    "first": ("最早到达", "First arrival"), "in": ("流入", "In"), "out": ("流出", "Out"),
    "held": ("留存", "Held"),
    "total_held": ("留存合计：{amount}", "Total held: {amount}"),
    "left": ("超出 {tiers} 级、未继续追踪：{amount}（{count} 笔）",
             "Left the trace beyond tier {tiers}: {amount} ({count} transfers)"),
    "capped": ("分流过多、截断的卡：{account} 跟踪 {kept} 笔，未跟踪 {dropped} 笔，金额 {amount}",
               ("Hub cut at the fan-out cap: {account} followed {kept}, not followed {dropped}, "
                "carrying {amount}")),
    "error": ("错误：{message}", "error: {message}"),
}


def _t(key: str, **kwargs: object) -> str:
    """Message text in the configured language."""
    zh, en = _TEXT[key]
    lang = os.environ.get("ANTIFRAUD_DEFAULT_LANGUAGE", "zh").lower()
    return (en if lang.startswith("en") else zh).format(**kwargs)


class TraceFileError(Exception):
    """A user-facing problem with the files or the seed given to `trace_file`."""


def _parse_at(value: str | datetime) -> datetime:
    """Seed time from text; naive times are Asia/Shanghai (the engine's convention)."""
    if isinstance(value, datetime):
        return value
    text = value.strip().replace("/", "-")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise TraceFileError(_t("bad_time", value=value)) from None


def _parse_amount(value: str | Decimal) -> Decimal:
    """Seed amount in yuan."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise TraceFileError(_t("bad_amount", value=value)) from None
    if not amount.is_finite() or amount <= 0:
        raise TraceFileError(_t("bad_amount", value=value))
    return amount


def load_statements(paths: str | Path | Sequence[str | Path]) -> tuple[ParseResult, TransferIndex]:
    """Parse statement files and index their transfers; TraceFileError if unusable."""
    try:
        parsed = parse_statements(paths)
    except StatementFileError as exc:
        raise TraceFileError(str(exc)) from None
    if not parsed.transfers:
        examples = "; ".join(str(e) for e in parsed.errors[:3])
        raise TraceFileError(_t("no_transfers") + (f" ({examples})" if examples else ""))
    return parsed, TransferIndex.from_transfers(parsed.transfers, parsed.opening_balances)


def trace_file(path: str | Path | Sequence[str | Path], txn_id: str | None = None,
               card: str | None = None, at: str | datetime | None = None,
               amount: str | Decimal | None = None, tiers: int = 5, rule: Rule | str = "fifo", *,
               window: timedelta | None = DEFAULT_WINDOW, fanout_cap: int | None = DEFAULT_FANOUT_CAP,
               bank_of: BankResolver | None = None) -> TraceResult:
    """Trace from statement file(s): seed by `txn_id`, or by `card` + `at` + `amount`."""
    return _trace(load_statements(path)[1], txn_id, card, at, amount, tiers, rule, window,
                  fanout_cap, bank_of)


def _trace(index: TransferIndex, txn_id: str | None, card: str | None,
           at: str | datetime | None, amount: str | Decimal | None, tiers: int,
           rule: Rule | str, window: timedelta | None, fanout_cap: int | None,
           bank_of: BankResolver | None) -> TraceResult:
    """Resolve the seed options and run the engine, turning its input errors into TraceFileError."""
    card_given = (card, at, amount) != (None, None, None)
    if txn_id is not None and card_given:
        raise TraceFileError(_t("both_seeds"))
    if txn_id is None and (card is None or at is None or amount is None):
        raise TraceFileError(_t("no_seed"))
    seed: str | CardSeed
    if txn_id is not None:
        seed = txn_id
    else:
        assert card is not None and at is not None and amount is not None
        seed = CardSeed(card, _parse_at(at), _parse_amount(amount))
    try:
        return trace_funds(index, seed, rule=rule, max_tiers=tiers, window=window,
                           fanout_cap=fanout_cap, bank_of=bank_of)
    except TraceInputError as exc:
        raise TraceFileError(str(exc)) from None


def render_table(result: TraceResult, console: Console) -> None:
    """Print the reached cards grouped by tier, then totals, left-trace money and cut hubs."""
    seed = result.seed.txn_id or f"{result.seed.account} @ {fmt_local(result.seed.time)}"
    table = Table(title=_t("title", rule=str(result.rule), seed=seed))
    with_bank = any(a.bank_code for a in result.accounts)
    columns = [("tier", "right"), ("account", "left"), ("bank", "left"), ("first", "left"),
               ("in", "right"), ("out", "right"), ("held", "right")]
    for key, justify in columns:
        if key != "bank" or with_bank:
            table.add_column(_t(key), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    tier = None
    for a in result.accounts:
        if tier is not None and a.tier != tier:
            table.add_section()
        tier = a.tier
        cells = [str(a.tier), a.account, a.bank_code or "", fmt_local(a.first_arrival),
                 f"{a.amount_in:,}", f"{a.amount_out:,}", f"{a.amount_held:,}"]
        table.add_row(*(c for i, c in enumerate(cells) if i != 2 or with_bank))
    console.print(table)
    _say(console, _t("total_held", amount=f"{result.total_held:,}"))
    if result.left_trace.edges:
        _say(console, _t("left", tiers=result.max_tiers, amount=f"{result.left_trace.total:,}",
                         count=len(result.left_trace.edges)))
    for hub in result.capped:
        _say(console, _t("capped", account=hub.account, kept=hub.kept, dropped=hub.dropped,
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
        result = _trace(index, txn, card, at, amount, tiers, rule, window, fanout_cap, None)
    except TraceFileError as exc:
        _say(err, _t("error", message=exc))
        raise typer.Exit(code=2) from None
    if parsed.errors:
        _say(err, _t("skipped", count=len(parsed.errors)))
        for row_error in parsed.errors[:10]:
            _say(err, f"  {row_error}")
        if len(parsed.errors) > 10:
            _say(err, _t("more", count=len(parsed.errors) - 10))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_table(result, out)
