"""Flow files the gang graph is expanded over: calls, SMS and network visits (话单、短信、上网日志).

Each reader names every bad row by its line and keeps the good ones; repeated ids are read once, so
importing a file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from antifraud.core.clock import LOCAL_TZ
from antifraud.identifiers import IdentifierError, normalize

MAX_BAD_ROWS = 1000  # the first bad rows are named; the rest are counted


class FlowFileError(ValueError):
    """A flow file that cannot be read at all (missing columns, not text)."""


@dataclass(frozen=True)
class Call:
    """One call record (话单)."""

    call_id: str
    start: datetime
    caller: str
    callee: str
    duration_s: int


@dataclass(frozen=True)
class Sms:
    """One SMS record."""

    sms_id: str
    time: datetime
    sender: str
    receiver: str
    text: str


@dataclass(frozen=True)
class Visit:
    """A number's visit to a domain or app, from an IP (上网日志)."""

    visit_id: str
    time: datetime
    phone: str
    target: str
    kind: str  # domain or app
    ip: str
    device: str = ""  # the handset's IMEI or device id, when the log has it


@dataclass
class BadRows:
    """Bad rows of one file: the first ones by line, and how many in all."""

    file: str
    rows: list[tuple[int, str]]
    count: int = 0

    def add(self, line: int, reason: str) -> None:
        """Note a bad row."""
        self.count += 1
        if len(self.rows) < MAX_BAD_ROWS:
            self.rows.append((line, reason))


@lru_cache(maxsize=1_000_000)
def phone_key(raw: str) -> str:
    """A number in E.164 when it parses, else its digits (service and foreign numbers included)."""
    text = raw.strip()
    try:
        return normalize("phone", text).value
    except IdentifierError:
        digits = "".join(c for c in text if c.isdigit() or c == "+")
        return digits or text


@lru_cache(maxsize=200_000)
def domain_key(raw: str) -> str:
    """The registrable domain of a URL or host, lower-case."""
    text = raw.strip().lower()
    try:
        return str(normalize("url", text).attrs["domain"] or text)
    except IdentifierError:
        return text


def parse_time(text: str) -> datetime:
    """ISO time; a time without a zone is Asia/Shanghai."""
    at = datetime.fromisoformat(text.strip())
    return at if at.tzinfo else at.replace(tzinfo=LOCAL_TZ)


CALL_COLUMNS = ("call_id", "start", "caller", "callee", "duration_s")
SMS_COLUMNS = ("sms_id", "time", "sender", "receiver", "text")
VISIT_COLUMNS = ("visit_id", "time", "phone", "target", "kind", "ip")  # and, optionally, device
COLUMNS = {"calls": CALL_COLUMNS, "sms": SMS_COLUMNS, "visits": VISIT_COLUMNS}
MAX_ID = 64
MAX_DURATION_S = 86_400


def rows_of_bytes(data: bytes, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file (UTF-8 or GB18030) by line, after checking its header has ``columns``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030", errors="strict")
        except UnicodeDecodeError:
            raise FlowFileError(f"{name}: not a text file (UTF-8 or GB18030)") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in columns if c not in header]
    if missing:
        raise FlowFileError(f"{name}: missing columns {', '.join(missing)}")
    reader.fieldnames = header
    for line, row in enumerate(reader, start=2):
        yield line, {k: (v or "").strip() for k, v in row.items() if k}


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    return rows_of_bytes(path.read_bytes(), path.name, columns)


def _field(row: dict[str, str], name: str) -> str:
    return str(row.get(name) if row.get(name) is not None else "").replace("\x00", "").strip()


def _check_id(value: str, name: str) -> str:
    if not value:
        raise ValueError(f"{name}: required")
    if len(value) > MAX_ID:
        raise ValueError(f"{name}: longer than {MAX_ID} characters")
    return value


def _when(row: dict[str, str], name: str) -> datetime:
    try:
        at = parse_time(_field(row, name))
        if not 1970 <= at.astimezone(UTC).year <= 2100:
            raise ValueError
    except (ValueError, OverflowError):
        raise ValueError(f"{name}: not a time (ISO 8601, e.g. 2026-12-01T09:30:00+08:00)") from None
    return at


def _number(row: dict[str, str], name: str) -> str:
    value = _field(row, name)
    if not value:
        raise ValueError(f"{name}: required")
    key = phone_key(value)
    if len(key) > 32 or not any(c.isdigit() for c in key):
        raise ValueError(f"{name}: not a phone number")
    return key


def calls_of(rows: Iterable[tuple[int, dict[str, str]]], bad: BadRows) -> list[Call]:
    """Call records of ``call_id,start,caller,callee,duration_s`` rows; bad rows noted by line, repeats read once."""
    seen: set[str] = set()
    out = []
    for line, row in rows:
        try:
            duration = _field(row, "duration_s") or "0"
            if not (duration.isascii() and duration.isdigit()) or int(duration) > MAX_DURATION_S:
                raise ValueError("duration_s: not a whole number of seconds (at most a day)")
            call = Call(_check_id(_field(row, "call_id"), "call_id"), _when(row, "start"), _number(row, "caller"),
                        _number(row, "callee"), int(duration))
        except ValueError as exc:
            bad.add(line, str(exc))
            continue
        if call.call_id not in seen:
            seen.add(call.call_id)
            out.append(call)
    return out


def sms_of(rows: Iterable[tuple[int, dict[str, str]]], bad: BadRows) -> list[Sms]:
    """SMS records of ``sms_id,time,sender,receiver,text`` rows."""
    seen: set[str] = set()
    out = []
    for line, row in rows:
        try:
            sms = Sms(_check_id(_field(row, "sms_id"), "sms_id"), _when(row, "time"), _number(row, "sender"),
                      _number(row, "receiver"), _field(row, "text")[:2000])
        except ValueError as exc:
            bad.add(line, str(exc))
            continue
        if sms.sms_id not in seen:
            seen.add(sms.sms_id)
            out.append(sms)
    return out


def visits_of(rows: Iterable[tuple[int, dict[str, str]]], bad: BadRows) -> list[Visit]:
    """Visits of ``visit_id,time,phone,target,kind,ip[,device]`` rows (``kind`` domain or app; ``device`` the
    handset's IMEI or id, optional)."""
    seen: set[str] = set()
    out = []
    for line, row in rows:
        try:
            kind = _field(row, "kind").lower()
            if kind not in ("domain", "app"):
                raise ValueError("kind: must be domain or app")
            raw = _field(row, "target")
            if not raw:
                raise ValueError("target: required")
            target = domain_key(raw) if kind == "domain" else raw.lower()
            ip = _field(row, "ip")
            if len(target) > 255 or len(ip) > 64:
                raise ValueError("target or ip: too long")
            device = _field(row, "device")
            if len(device) > MAX_ID:
                raise ValueError(f"device: longer than {MAX_ID} characters")
            visit = Visit(_check_id(_field(row, "visit_id"), "visit_id"), _when(row, "time"), _number(row, "phone"),
                          target, kind, ip, device)
        except ValueError as exc:
            bad.add(line, str(exc))
            continue
        if visit.visit_id not in seen:
            seen.add(visit.visit_id)
            out.append(visit)
    return out


def read_calls(path: Path) -> tuple[list[Call], BadRows]:
    """Call records of a ``call_id,start,caller,callee,duration_s`` file."""
    bad = BadRows(path.name, [])
    return calls_of(_rows(path, CALL_COLUMNS), bad), bad


def read_sms(path: Path) -> tuple[list[Sms], BadRows]:
    """SMS records of a ``sms_id,time,sender,receiver,text`` file."""
    bad = BadRows(path.name, [])
    return sms_of(_rows(path, SMS_COLUMNS), bad), bad


def read_visits(path: Path) -> tuple[list[Visit], BadRows]:
    """Visits of a ``visit_id,time,phone,target,kind,ip`` file (``kind`` domain or app)."""
    bad = BadRows(path.name, [])
    return visits_of(_rows(path, VISIT_COLUMNS), bad), bad
