"""Trace a victim's money straight from statement files, without the database (离线资金追踪).

`trace_file` is the function; ``antifraud trace`` (`antifraud.cli.trace`) is its command.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

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


def message(key: str, **kwargs: object) -> str:
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
        raise TraceFileError(message("bad_time", value=value)) from None


def _parse_amount(value: str | Decimal) -> Decimal:
    """Seed amount in yuan."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise TraceFileError(message("bad_amount", value=value)) from None
    if not amount.is_finite() or amount <= 0:
        raise TraceFileError(message("bad_amount", value=value))
    return amount


def load_statements(paths: str | Path | Sequence[str | Path]) -> tuple[ParseResult, TransferIndex]:
    """Parse statement files and index their transfers; TraceFileError if unusable."""
    try:
        parsed = parse_statements(paths)
    except StatementFileError as exc:
        raise TraceFileError(str(exc)) from None
    if not parsed.transfers:
        examples = "; ".join(str(e) for e in parsed.errors[:3])
        raise TraceFileError(message("no_transfers") + (f" ({examples})" if examples else ""))
    return parsed, TransferIndex.from_transfers(parsed.transfers, parsed.opening_balances)


def trace_file(path: str | Path | Sequence[str | Path], txn_id: str | None = None,
               card: str | None = None, at: str | datetime | None = None,
               amount: str | Decimal | None = None, tiers: int = 5, rule: Rule | str = "fifo", *,
               window: timedelta | None = DEFAULT_WINDOW, fanout_cap: int | None = DEFAULT_FANOUT_CAP,
               bank_of: BankResolver | None = None) -> TraceResult:
    """Trace from statement file(s): seed by `txn_id`, or by `card` + `at` + `amount`."""
    return trace_index(load_statements(path)[1], txn_id, card, at, amount, tiers, rule, window,
                       fanout_cap, bank_of)


def trace_index(index: TransferIndex, txn_id: str | None, card: str | None,
           at: str | datetime | None, amount: str | Decimal | None, tiers: int,
           rule: Rule | str, window: timedelta | None, fanout_cap: int | None,
           bank_of: BankResolver | None) -> TraceResult:
    """Resolve the seed options and run the engine, turning its input errors into TraceFileError."""
    card_given = (card, at, amount) != (None, None, None)
    if txn_id is not None and card_given:
        raise TraceFileError(message("both_seeds"))
    if txn_id is None and (card is None or at is None or amount is None):
        raise TraceFileError(message("no_seed"))
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
