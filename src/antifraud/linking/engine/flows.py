"""Flow files the gang graph is expanded over: calls, SMS and network visits (话单、短信、上网日志).

Each reader names every bad row by its line and keeps the good ones; repeated ids are read once, so
importing a file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
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


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="strict")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in columns if c not in header]
    if missing:
        raise FlowFileError(f"{path.name}: missing columns {', '.join(missing)}")
    reader.fieldnames = header
    for line, row in enumerate(reader, start=2):
        yield line, {k: (v or "").strip() for k, v in row.items() if k}


def read_calls(path: Path) -> tuple[list[Call], BadRows]:
    """Call records of a ``call_id,start,caller,callee,duration_s`` file."""
    bad, seen, out = BadRows(path.name, []), set(), []
    for line, row in _rows(path, ("call_id", "start", "caller", "callee", "duration_s")):
        try:
            call = Call(row["call_id"], parse_time(row["start"]), phone_key(row["caller"]),
                        phone_key(row["callee"]), int(row["duration_s"] or 0))
        except ValueError as exc:
            bad.add(line, str(exc))
            continue
        if not call.call_id or not call.caller or not call.callee:
            bad.add(line, "call_id, caller and callee are required")
        elif call.call_id not in seen:
            seen.add(call.call_id)
            out.append(call)
    return out, bad


def read_sms(path: Path) -> tuple[list[Sms], BadRows]:
    """SMS records of a ``sms_id,time,sender,receiver,text`` file."""
    bad, seen, out = BadRows(path.name, []), set(), []
    for line, row in _rows(path, ("sms_id", "time", "sender", "receiver", "text")):
        try:
            sms = Sms(row["sms_id"], parse_time(row["time"]), phone_key(row["sender"]), phone_key(row["receiver"]),
                      row["text"])
        except ValueError as exc:
            bad.add(line, str(exc))
            continue
        if not sms.sms_id or not sms.sender or not sms.receiver:
            bad.add(line, "sms_id, sender and receiver are required")
        elif sms.sms_id not in seen:
            seen.add(sms.sms_id)
            out.append(sms)
    return out, bad


def read_visits(path: Path) -> tuple[list[Visit], BadRows]:
    """Visits of a ``visit_id,time,phone,target,kind,ip`` file (``kind`` domain or app)."""
    bad, seen, out = BadRows(path.name, []), set(), []
    for line, row in _rows(path, ("visit_id", "time", "phone", "target", "kind", "ip")):
        kind = row["kind"].lower()
        if kind not in ("domain", "app"):
            bad.add(line, "kind must be domain or app")
            continue
        try:
            target = domain_key(row["target"]) if kind == "domain" else row["target"].strip().lower()
            visit = Visit(row["visit_id"], parse_time(row["time"]), phone_key(row["phone"]), target, kind,
                          row["ip"].strip())
        except ValueError as exc:
            bad.add(line, str(exc))
            continue
        if not visit.visit_id or not visit.phone or not visit.target:
            bad.add(line, "visit_id, phone and target are required")
        elif visit.visit_id not in seen:
            seen.add(visit.visit_id)
            out.append(visit)
    return out, bad
