"""Import bank statements (交易流水) from CSV or XLSX into `Transfer` records.

Two layouts are recognised from the header row (title rows above it are skipped):

* canonical: ``txn_id, time, from_account, to_account, amount`` and optionally ``channel,
  balance_after`` (the paying card's balance after the transfer) and ``counterparty_name``
  (the receiving card's holder);
* the usual per-card layout of Chinese banks: 交易卡号, 交易时间 (or 交易日期 + 交易时间),
  收付标志 (进/出, 收/付, 借/贷 …), 交易金额, 交易余额, 对手账号, 对手户名, 摘要, 交易流水号.
  A row describes the statement's own card; 借 (debit) is money out, 贷 (credit) money in.

A transfer between two cards whose statements were both requested appears twice, once from each
side; it is counted once, matched by 交易流水号 when the row has one and otherwise by
(from, to, time, amount). Rows without a transaction id get a stable id derived from those fields,
so importing the same file again gives the same transfers. A row without a counterparty (cash
withdrawal, fee, interest) is booked against the pseudo-card `NO_COUNTERPARTY`, so that the card's
balance stays right.

Bad rows are reported with file, line and reason ("line 7: amount: not a number"); good rows are
kept. Times without a zone are Asia/Shanghai.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from antifraud.core.clock import LOCAL_TZ
from antifraud.core.money import to_money
from antifraud.tracing.accounts import check_account, check_txn_id
from antifraud.tracing.index import Transfer, derive_opening_balances, to_epoch_ms, to_fen

NO_COUNTERPARTY = "(no counterparty)"
_HEADER_SCAN_ROWS = 20
MAX_ROWS = 1_000_000              # data rows per table; a larger statement is split by the bank
MAX_ERRORS = 100                  # bad rows named one by one; the rest are counted
MAX_XLSX_BYTES = 512 * 2**20      # a workbook's parts unpacked, all together
MAX_SHEET_BYTES = 256 * 2**20     # one sheet's XML unpacked (about a million statement rows)
MAX_TEXT = 128                    # a free-text cell kept (holder name, channel)

#: Asked with a row's statement cards and its time; answers why the row is refused, or None to accept it.
Scope = Callable[[tuple[str, ...], datetime], str | None]

_CANONICAL = {name: [name] for name in (
    "txn_id", "time", "from_account", "to_account", "amount", "channel", "balance_after",
    "counterparty_name")}
_CANONICAL_REQUIRED = ("txn_id", "time", "from_account", "to_account", "amount")
_PER_CARD = {
    "card": ["交易卡号", "卡号", "交易账号", "账号", "查询卡号", "本方账号", "本方卡号"],
    "time": ["交易时间", "交易日期时间"],
    "date": ["交易日期"],
    "direction": ["收付标志", "借贷标志", "收付方向", "借贷方向", "进出标志", "收支标志"],
    "amount": ["交易金额", "金额", "发生额"],
    "balance": ["交易余额", "余额", "账户余额"],
    "counterparty": ["对手账号", "对方账号", "交易对手账卡号", "对手卡号", "对方卡号", "对手账卡号"],
    "counterparty_name": ["对手户名", "对方户名", "交易对手名称", "对手名称", "对方名称"],
    "summary": ["摘要", "交易摘要", "交易类型"],
    "serial": ["交易流水号", "流水号", "交易序号", "交易参考号"],
    "channel": ["交易渠道", "渠道"],
}
_PER_CARD_REQUIRED = ("card", "direction", "amount")
_MONEY_IN = {"进", "收", "贷", "入", "收入", "转入", "存入", "c", "cr", "credit", "in", "+"}
_MONEY_OUT = {"出", "付", "借", "支", "支出", "转出", "取出", "d", "dr", "debit", "out", "-"}


@dataclass(frozen=True, slots=True)
class RowError:
    """A statement row that could not be used, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: line {self.line}: {self.reason}"


class ErrorLog:
    """Bad rows of an import: the first `keep` named, every one counted (a million bad rows stay small)."""

    def __init__(self, keep: int = MAX_ERRORS) -> None:
        self.keep = keep
        self.kept: list[RowError] = []
        self.total = 0

    def add(self, error: RowError) -> None:
        """Count a bad row; keep it while fewer than `keep` are kept."""
        self.total += 1
        if len(self.kept) < self.keep:
            self.kept.append(error)

    @property
    def omitted(self) -> int:
        """Bad rows counted but not kept."""
        return self.total - len(self.kept)

    def sorted(self) -> list[RowError]:
        """The kept errors by file and line."""
        return sorted(self.kept, key=lambda e: (e.file, e.line, e.reason))


@dataclass(frozen=True)
class ParseResult:
    """Transfers (each once, by time then txn_id), bad rows, and cards' opening balances.

    `opening_balances` is a card's balance before its first transfer in the data, derived from the
    balance a statement shows; `account_names` maps cards to holder names (对手户名). `errors` are
    the first MAX_ERRORS bad rows; `errors_omitted` counts the others.
    """

    transfers: list[Transfer]
    errors: list[RowError]
    opening_balances: dict[str, Decimal]
    account_names: dict[str, str] = field(default_factory=dict)
    errors_omitted: int = 0

    @property
    def rows_bad(self) -> int:
        """Every bad row, named or counted."""
        return len(self.errors) + self.errors_omitted


class StatementFileError(Exception):
    """A file that cannot be read as a statement at all (missing, unknown format, no header)."""


@dataclass(slots=True)
class _Row:
    """One usable statement row, before duplicates are merged."""

    file: str
    table: int                  # which file or sheet of this import: rows are counted per table
    line: int
    side: str | None            # the statement's own card (per-card layout)
    txn_id: str | None
    time: datetime
    from_account: str
    to_account: str
    amount: Decimal
    channel: str
    balance: Decimal | None     # balance of `balance_card` after the transfer
    balance_card: str
    name_card: str
    name: str

    @property
    def statement_cards(self) -> tuple[str, ...]:
        """The card(s) whose statement this row is: the own card, or either side of a canonical row."""
        return (self.side,) if self.side is not None else (self.from_account, self.to_account)

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.from_account, self.to_account, to_epoch_ms(self.time), to_fen(self.amount))


def parse_statements(paths: Iterable[str | Path] | str | Path, scope: Scope | None = None) -> ParseResult:
    """Read one or more statement files (CSV or XLSX) into one set of transfers.

    `scope`, when given, is asked about each row's statement cards and refuses the row by line with
    the reason it answers (a partner may bring in statements of its own cards only).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    sources = []
    for path in map(Path, paths):
        if not path.is_file():
            raise StatementFileError(f"{path}: no such file")
        sources.append((str(path), path.suffix, path.read_bytes()))
    return _parse_sources(sources, scope)


def parse_statement_bytes(content: bytes, filename: str, scope: Scope | None = None) -> ParseResult:
    """Read an uploaded statement file; errors name the file as uploaded, never a server path."""
    name = upload_name(filename)
    return _parse_sources([(name, Path(name).suffix, content)], scope)


def upload_name(filename: str) -> str:
    """The uploaded file's own name (no folders a browser or client sent along), printable."""
    name = Path(filename.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())[:128]
    return name or "upload"


def _parse_sources(sources: list[tuple[str, str, bytes]], scope: Scope | None) -> ParseResult:
    """Parse (label, suffix, content) files into one set of transfers, bounded in rows and errors."""
    rows: list[_Row] = []
    errors = ErrorLog()
    tables = 0
    for label, suffix, content in sources:
        for table_label, table in _read_tables(label, suffix, content):
            tables += 1
            _parse_table(table_label, tables, table, rows, errors, scope)
    transfers, observations, kept = _merge(rows, errors)
    openings, bad = derive_opening_balances(transfers, [o[:4] for o in observations])
    where = {(o[0], o[2]): (o[4], o[5]) for o in observations}
    for card, txn_id in bad:
        file, line = where[(card, txn_id)]
        errors.add(RowError(file, line, "balance: does not fit the card's earlier transfers "
                                        "(its opening balance would be negative); ignored"))
    names: dict[str, str] = {}
    for row in sorted(kept, key=lambda r: (r.file, r.line)):
        if row.name and row.name_card != NO_COUNTERPARTY:
            names.setdefault(row.name_card, row.name)
    return ParseResult(transfers, errors.sorted(), openings, names, errors.omitted)


# ---- reading files -------------------------------------------------------------------------

def _read_tables(label: str, suffix: str, content: bytes) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    """(label, rows as (line, cells)) per table in the file: one for CSV, one per XLSX sheet."""
    suffix = suffix.lower()
    if suffix in (".csv", ".txt"):
        yield label, _read_csv(label, content)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _read_xlsx(label, content)
    else:
        raise StatementFileError(f"{label}: unsupported file type {suffix or '(none)'}; "
                                 "use .csv or .xlsx")


def _read_csv(label: str, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Rows with their first physical line number; UTF-8 (with or without BOM) or GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise StatementFileError(f"{label}: not UTF-8 or GB18030 text") from None
    del data
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    try:
        for cells in reader:
            yield last + 1, cells
            last = reader.line_num
    except csv.Error as exc:
        raise StatementFileError(f"{label}: line {last + 1}: {exc}") from None


def check_xlsx_size(label: str, data: bytes) -> None:
    """Refuse a workbook whose parts unpack beyond the bounds (a decompression bomb), before parsing.

    The sizes a zip declares can lie, so each part is also unpacked as a stream and counted.
    """
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise StatementFileError(f"{label}: not a readable XLSX workbook (not a zip file)") from None
    with book:
        members = book.infolist()
        declared = sum(m.file_size for m in members)
        if declared > MAX_XLSX_BYTES:
            raise StatementFileError(f"{label}: unpacks to {declared / 2**20:,.0f} MB; at most "
                                     f"{MAX_XLSX_BYTES // 2**20} MB of sheets are read")
        for member in members:
            _check_sheet(label, member, member.file_size)
        total = 0
        for member in members:
            size = _unpacked_size(book, member, MAX_XLSX_BYTES - total, label)
            _check_sheet(label, member, size)
            total += size


def _check_sheet(label: str, member: zipfile.ZipInfo, size: int) -> None:
    """Refuse a worksheet part above MAX_SHEET_BYTES."""
    if member.filename.startswith("xl/worksheets/") and size > MAX_SHEET_BYTES:
        raise StatementFileError(f"{label}: sheet {Path(member.filename).name} unpacks to "
                                 f"{size / 2**20:,.0f} MB; at most {MAX_SHEET_BYTES // 2**20} MB per sheet")


def _unpacked_size(book: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int, label: str) -> int:
    """Bytes a zip member really unpacks to, stopping as soon as it passes the budget."""
    size = 0
    try:
        with book.open(member) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > budget:
                    raise StatementFileError(f"{label}: unpacks to more than {MAX_XLSX_BYTES // 2**20} "
                                             "MB; refused as a possible decompression bomb")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise StatementFileError(f"{label}: not a readable XLSX workbook ({type(exc).__name__})") from None
    return size


def _read_xlsx(label: str, data: bytes) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    """Each worksheet's rows (1-based row numbers), cell values as stored, read as a stream."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    check_xlsx_size(label, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise StatementFileError(f"{label}: not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        sheets = book.worksheets
        for sheet in sheets:
            sheet_label = label if len(sheets) == 1 else f"{label}[{sheet.title}]"
            rows = ((i, list(cells)) for i, cells in enumerate(sheet.iter_rows(values_only=True), 1))
            yield sheet_label, rows
    finally:
        book.close()


# ---- parsing rows --------------------------------------------------------------------------

_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_HEADER_JUNK = re.compile(r"[\s\ufeff*]")
_SPACE = re.compile(r"\s")
_QUOTED_FORMULA = re.compile(r'="(.*)"')


def _norm_header(cell: Any) -> str:
    """Header text without spaces, BOM, units in brackets or case."""
    return _HEADER_JUNK.sub("", _BRACKETS.sub("", str(cell or ""))).lower()


def _columns(cells: list[Any]) -> tuple[str, dict[str, int]] | None:
    """The layout and column positions if `cells` is a header row."""
    headers = [_norm_header(c) for c in cells]
    for layout, aliases, required in (("canonical", _CANONICAL, _CANONICAL_REQUIRED),
                                      ("per_card", _PER_CARD, _PER_CARD_REQUIRED)):
        cols: dict[str, int] = {}
        for name, names in aliases.items():
            for alias in names:
                if alias in headers:
                    cols[name] = headers.index(alias)
                    break
        if all(r in cols for r in required) and ("time" in cols or "date" in cols):
            return layout, cols
    return None


def _parse_table(label: str, number: int, table: Iterator[tuple[int, list[Any]]], rows: list[_Row],
                 errors: ErrorLog, scope: Scope | None = None) -> None:
    """Parse one CSV file or sheet as a stream, appending good rows and errors."""
    head: list[tuple[int, list[Any]]] = []
    found = None
    for line, cells in table:
        head.append((line, cells))
        found = _columns(cells)
        if found or len(head) >= _HEADER_SCAN_ROWS:
            break
    if found is None:
        raise StatementFileError(
            f"{label}: no header row found; expected either the columns "
            f"{', '.join(_CANONICAL_REQUIRED)} or 交易卡号, 交易时间, 收付标志, 交易金额, 对手账号")
    layout, cols = found
    header = [_norm_header(c) for c in head[-1][1]]
    make = _canonical_row if layout == "canonical" else _per_card_row
    for count, (line, cells) in enumerate(table, 1):
        if count > MAX_ROWS:  # refused as a whole: a statement this large is split by the bank
            raise StatementFileError(f"{label}: more than {MAX_ROWS:,} rows; split the statement "
                                     "into smaller files")
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if cells and _norm_header(cells[0]) == header[0] and [_norm_header(c) for c in cells] == header:
            continue  # header repeated on every page of some exports
        values = {name: (cells[i] if i < len(cells) else None) for name, i in cols.items()}
        try:
            row = make(label, number, line, values)
            refused = scope(row.statement_cards, row.time) if scope is not None else None
            if refused:
                raise ValueError(refused)
            rows.append(row)
        except ValueError as exc:
            errors.add(RowError(label, line, str(exc)))


def _text(value: Any) -> str:
    """Cell as stripped text ('' for empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _account(value: Any, name: str) -> str:
    """Card or account number as text; numbers stored by a spreadsheet are checked for lost digits."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # spreadsheets keep 15 significant digits: a longer card number stored as a number
        # has already lost its last digits
        if isinstance(value, float) and not value.is_integer() or len(str(abs(int(value)))) > 15:
            raise ValueError(f"{name}: stored as a number, digits may be lost; "
                             "store card numbers as text")
        value = int(value)
    text = _text(value)
    match = _QUOTED_FORMULA.fullmatch(text)
    if match:
        text = match.group(1)
    text = _SPACE.sub("", text).lstrip("'`")
    return check_account(text, name) if text else ""


def _txn_id(value: Any, name: str) -> str | None:
    """A transaction id, checked; None when the row has none."""
    text = _text(value)
    return check_txn_id(text, name) if text else None


def _free_text(value: Any, limit: int = MAX_TEXT) -> str:
    """Free text (names, channels) on one line, without control characters, as long as the store keeps."""
    return "".join(ch if ch.isprintable() else " " for ch in _text(value)).strip()[:limit]


def _money(value: Any, name: str) -> Decimal:
    """A yuan amount with two places."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return to_money(value, name)
    text = _text(value)
    if not text:
        raise ValueError(f"{name}: missing")
    for junk in ("元", "CNY", "RMB", "，", " "):
        text = text.replace(junk, "")
    return to_money(text, name)


_DATE_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d*)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?")
_TIME_ONLY = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?|(\d{2})(\d{2})(\d{2})")


def _time(value: Any, day: Any = None) -> datetime:
    """Aware datetime from a cell (text or spreadsheet value); naive times are Asia/Shanghai."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0))
    elif isinstance(value, time) and day is not None:
        moment = datetime.combine(_time(day).date(), value)
    else:
        text = _text(value)
        clock = _TIME_ONLY.fullmatch(text)
        if clock and day not in (None, ""):
            h, m, s = (clock.group(1), clock.group(2), clock.group(3)) if clock.group(1) else \
                clock.group(4, 5, 6)
            return _time(day).replace(hour=int(h), minute=int(m), second=int(s or 0))
        if not text and day not in (None, ""):
            return _time(day)
        moment = _parse_time_text(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment


def _parse_time_text(text: str) -> datetime:
    """Common textual forms: ISO, 2024/3/1 10:22:33, 2024年3月1日, 20240301102233."""
    if not text:
        raise ValueError("time: missing")
    norm = text.replace("/", "-").replace("年", "-").replace("月", "-").replace("日", " ").strip()
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:\s*(\d{2})(\d{2})(\d{2}))?", norm)
    match = compact or _DATE_TIME.fullmatch(norm)
    if not match:
        raise ValueError(f"time: {text!r} is not a date and time")
    fields = match.groups()
    nums = [int(p) if p else 0 for p in fields[:6]]
    micro = int((fields[6] or "0").ljust(6, "0")) if not compact else 0
    zone = None if compact else fields[7]
    try:
        moment = datetime(nums[0], nums[1], nums[2], nums[3], nums[4], nums[5], micro)
    except ValueError:
        raise ValueError(f"time: {text!r} is not a valid date and time") from None
    if zone:
        sign = -1 if zone.startswith("-") else 1
        digits = zone.lstrip("+-").replace(":", "")
        offset = timedelta(0) if zone == "Z" else sign * timedelta(hours=int(digits[:2]),
                                                                  minutes=int(digits[2:]))
        moment = moment.replace(tzinfo=timezone(offset))
    return moment


def _canonical_row(label: str, table: int, line: int, v: dict[str, Any]) -> _Row:
    """A row of the canonical layout."""
    src = _account(v.get("from_account"), "from_account")
    dst = _account(v.get("to_account"), "to_account")
    if not src:
        raise ValueError("from_account: missing")
    if not dst:
        raise ValueError("to_account: missing")
    amount = _money(v.get("amount"), "amount")
    if amount <= 0:
        raise ValueError("amount: must be positive")
    moment = _time(v.get("time"))
    balance_cell = v.get("balance_after")
    balance = _money(balance_cell, "balance_after") if _text(balance_cell) else None
    return _Row(label, table, line, None, _txn_id(v.get("txn_id"), "txn_id"), moment, src, dst, amount,
                _free_text(v.get("channel"), 32), balance, src, dst, _free_text(v.get("counterparty_name")))


def _per_card_row(label: str, table: int, line: int, v: dict[str, Any]) -> _Row:
    """A row of the per-card (Chinese bank) layout."""
    card = _account(v.get("card"), "交易卡号")
    if not card:
        raise ValueError("交易卡号: missing")
    amount = _money(v.get("amount"), "交易金额")
    if amount == 0:
        raise ValueError("交易金额: zero")
    flag = _text(v.get("direction")).lower()
    if flag in _MONEY_IN:
        outgoing = False
    elif flag in _MONEY_OUT or (not flag and amount < 0):
        outgoing = True
    else:
        raise ValueError(f"收付标志: {flag or 'missing'}; expected 进/出, 收/付 or 借/贷")
    amount = abs(amount)
    moment = _time(v.get("time"), v.get("date"))
    other = _account(v.get("counterparty"), "对手账号") or NO_COUNTERPARTY
    balance_cell = v.get("balance")
    balance = _money(balance_cell, "交易余额") if _text(balance_cell) else None
    src, dst = (card, other) if outgoing else (other, card)
    channel = _free_text(v.get("channel"), 32) or _free_text(v.get("summary"), 32)
    return _Row(label, table, line, card, _txn_id(v.get("serial"), "交易流水号"), moment, src, dst, amount,
                channel, balance, card, other, _free_text(v.get("counterparty_name")))


# ---- merging both sides --------------------------------------------------------------------

def _auto_id(key: tuple[str, str, int, int], occurrence: int) -> str:
    """A stable id for a row without one: hash of (from, to, time, amount) and its occurrence."""
    digest = hashlib.sha1("|".join(map(str, key)).encode()).hexdigest()[:16]
    return f"auto-{digest}-{occurrence}"


def _merge(rows: list[_Row], errors: ErrorLog
           ) -> tuple[list[Transfer], list[tuple[str, datetime, str, Decimal, str, int]], list[_Row]]:
    """Count each transfer once; returns transfers, balance observations and the rows kept."""
    seen: Counter[tuple[int, str | None, tuple[str, str, int, int]]] = Counter()
    groups: dict[str, list[_Row]] = defaultdict(list)
    auto: list[tuple[str, _Row, int]] = []
    for row in sorted(rows, key=lambda r: (r.table, r.line)):
        if row.txn_id is not None:
            groups[row.txn_id].append(row)
        else:
            count = (row.table, row.side, row.key)
            seen[count] += 1
            auto.append((_auto_id(row.key, seen[count]), row, seen[count]))
    with_id = Counter(group[0].key for group in groups.values())
    for txn_id, row, occurrence in auto:
        if occurrence > with_id[row.key]:
            groups[txn_id].append(row)
    transfers: list[Transfer] = []
    observations: list[tuple[str, datetime, str, Decimal, str, int]] = []
    kept: list[_Row] = []
    for txn_id, group in groups.items():
        group.sort(key=lambda r: (to_epoch_ms(r.time), r.from_account, r.to_account, r.amount,
                                  r.channel, r.file, r.line))
        first = group[0]
        same = [r for r in group if (r.from_account, r.to_account, r.amount) ==
                (first.from_account, first.to_account, first.amount)]
        for r in group:
            if r not in same:
                errors.add(RowError(r.file, r.line, f"txn_id {txn_id}: already used by "
                                                       f"{first.file} line {first.line} for a "
                                                       "different transfer"))
        payer = next((r.balance for r in same if r.balance is not None
                      and r.balance_card == first.from_account), None)
        transfers.append(Transfer(txn_id, first.time, first.from_account, first.to_account,
                                  first.amount, next((r.channel for r in same if r.channel), ""),
                                  payer))
        kept.extend(same)
        for r in same:
            if r.balance is not None and r.balance_card != NO_COUNTERPARTY:
                observations.append((r.balance_card, first.time, txn_id, r.balance, r.file, r.line))
    transfers.sort(key=lambda t: (to_epoch_ms(t.time), t.txn_id))
    return transfers, observations, kept
