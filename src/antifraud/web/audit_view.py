"""The audit log as people read it: each entry's action and record in words, and as CSV or XLSX files."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl import Workbook
from sqlalchemy.orm import Session

from antifraud.cases.service import case_numbers
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.cells import SafeCsvWriter, append_safe
from antifraud.core.clock import LOCAL_TZ, UTC, fmt_local
from antifraud.ui.i18n import label, t

COLUMNS = ("time", "actor", "action", "entity", "details")


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Local calendar days [first, last] as UTC instants [since, until)."""
    since = datetime.combine(first, time(), LOCAL_TZ).astimezone(UTC) if first else None
    until = datetime.combine(last + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC) if last else None
    return since, until


def _case_numbers(session: Session, principal: Principal, entries: list[audit.AuditEntry]) -> dict[str, str]:
    """Case numbers of the cases the entries name, by the entry's record id."""
    ids = [int(e.entity_id) for e in entries if e.entity_type == "case" and e.entity_id.isdigit()]
    if not ids or not principal.can(Permission.CASE_READ):
        return {}
    return {str(k): v for k, v in case_numbers(session, principal, ids).items()}


# Detail values that are vocabulary codes, and the label groups that name them.
VALUE_GROUPS = {"fraud_type": ("fraud_type",), "outcome": ("outcome",), "urgency": ("urgency",),
                "result": ("attempt",), "kind": ("request_kind", "identifier_kind"), "role": ("role",),
                "status": ("warning_status", "request_status")}


def _value(key: str, value: Any, lang: str | None) -> str:
    """A detail's value in words: yes/no, a vocabulary code's name, else as stored."""
    if isinstance(value, bool) or value in ("True", "False"):
        return t("admin.yes", lang) if value in (True, "True") else t("admin.no", lang)
    for group in VALUE_GROUPS.get(key, ()):
        named = label(group, str(value), lang)
        if named != str(value):
            return named
    return str(value)


def _details(details: dict[str, Any], lang: str | None) -> str:
    return "; ".join(f"{label('audit_detail', k, lang)}: {_value(k, v, lang)}" for k, v in details.items()
                     if v not in (None, "", "None"))


def _record(entry: audit.AuditEntry, cases: dict[str, str], lang: str | None) -> str:
    """The record an entry is about, in words: its kind and its case number when it has one."""
    details = entry.details or {}
    reference = cases.get(entry.entity_id) if entry.entity_type == "case" else None
    if reference is None and details.get("case_no"):
        reference = t("audit.of_case", lang, n=entry.entity_id, case_no=details["case_no"])
    reference = reference or entry.entity_id
    return f"{label('audit_entity', entry.entity_type, lang)} {reference}"


def readable_rows(session: Session, principal: Principal, entries: list[audit.AuditEntry],
                  lang: str | None = None) -> list[dict[str, Any]]:
    """Each entry with its action and record in words, in ``lang`` (a page passes its user's: the rows are
    made in a worker thread, which does not know the browser's language)."""
    cases = _case_numbers(session, principal, entries)
    return [{"id": e.id, "time": fmt_local(e.at), "actor": f"{e.actor_username} ({e.actor_org_code})",
             "action": label("audit_action", e.action, lang), "action_code": e.action,
             "entity": _record(e, cases, lang), "details": _details(e.details or {}, lang)} for e in entries]


def page_of_log(session: Session, principal: Principal, query: audit.AuditQuery, limit: int,
                offset: int, lang: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """One page of the log in words (in ``lang``), and how many entries match in all."""
    entries, total = audit.search_log(session, principal, query, limit, offset)
    return readable_rows(session, principal, entries, lang), total


def export_log(session: Session, principal: Principal, query: audit.AuditQuery, kind: str,
               lang: str | None = None) -> bytes:
    """The matching entries (newest first, at most ``audit.EXPORT_LIMIT``) as a CSV or XLSX file in ``lang``."""
    entries, _ = audit.search_log(session, principal, query, audit.EXPORT_LIMIT, 0)
    rows = readable_rows(session, principal, entries, lang)
    heading = [t(f"col.{c}", lang) for c in COLUMNS] + [t("audit.code", lang)]
    lines = [[r[c] for c in COLUMNS] + [r["action_code"]] for r in rows]
    if kind == "csv":
        out = io.StringIO()
        writer = SafeCsvWriter(out, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(heading)
        writer.writerows(lines)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets spreadsheet programs read Chinese
    book = Workbook()
    sheet = book.active
    sheet.title = t("audit.title", lang)[:31]
    append_safe(sheet, heading)
    for line in lines:
        append_safe(sheet, line)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
