"""A partner's day of work as XLSX (当日工作台账): every request received or answered that day."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from antifraud.core.cells import append_safe
from antifraud.core.clock import fmt_local
from antifraud.dispatch.schemas import RequestOut

HEADERS = ("案件编号 Case", "类型 Kind", "诈骗类型 Fraud type", "账号 Account", "层级 Tier",
           "涉案转账时间 Transfer time", "待止付金额 Amount to stop", "调单期间起 Period from", "调单期间止 Period to",
           "下发 Received", "时限 Due", "签收 Acknowledged", "办结 Completed", "状态 Status", "超时 Overdue",
           "结果 Outcome", "余额 Balance", "止付/冻结金额 Amount held", "备注 Note")
MONEY_COLUMNS = "GQR"


def _money(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def day_workbook(org: str, day: date, requests: list[RequestOut]) -> bytes:
    """One sheet, one row per request, text cells formula-safe, money as numbers with two places."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "工作台账 Requests"
    append_safe(sheet, [f"{org}", f"{day:%Y-%m-%d}", f"{len(requests)}"])
    append_safe(sheet, HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in requests:
        append_safe(sheet, [r.case_no, r.kind, r.fraud_type or "", r.account, r.tier,
                            fmt_local(r.transfer_at), _money(r.requested_amount), fmt_local(r.period_from),
                            fmt_local(r.period_to), fmt_local(r.created_at), fmt_local(r.due_at),
                            fmt_local(r.acknowledged_at), fmt_local(r.completed_at), r.status,
                            "Y" if r.overdue else "", r.outcome or "", _money(r.balance), _money(r.amount), r.note])
    for col in sheet.columns:
        sheet.column_dimensions[col[0].column_letter].width = 20
    for letter in MONEY_COLUMNS:
        for cell in sheet[letter][2:]:
            cell.number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
