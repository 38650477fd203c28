"""Export a trace to XLSX for the legal paperwork (调证/止付文书)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from antifraud.core.cells import append_safe
from antifraud.core.clock import fmt_local
from antifraud.tracing.schemas import TraceOut

CARD_HEADERS = ("层级 Tier", "卡号 Card", "开户行 Bank", "首次到账 First arrival", "流入 In", "流出 Out",
                "留存 Held", "止付状态 Request", "结果 Outcome", "止付金额 Stopped", "户名 Holder")
EDGE_HEADERS = ("交易流水号 Txn", "时间 Time", "付款卡 From", "收款卡 To", "金额 Amount", "其中受害人资金 Attributed",
                "层级 Tier", "渠道 Channel")


def trace_workbook(trace: TraceOut, holders: dict[str, str] | None = None,
                   channels: dict[str, str] | None = None) -> bytes:
    """A workbook with the reached cards by tier and every transfer carrying the victim's money.

    Holder names and channels come from banks' statements: like every text cell they go through
    the formula guard, so a name a bank wrote as a formula is shown, never run.
    """
    holders, channels = holders or {}, channels or {}
    wb = Workbook()
    cards = wb.active
    cards.title = "涉案账户 Cards"
    append_safe(cards, [f"案件 {trace.case_no}", f"规则 {trace.rule}", f"层级 ≤ {trace.max_tiers}",
                  f"生成 {fmt_local(trace.created_at)}", f"by {trace.created_by}"])
    append_safe(cards, CARD_HEADERS)
    for cell in cards[2]:
        cell.font = Font(bold=True)
    for c in trace.reached:
        append_safe(cards, [c.tier, c.account, c.bank_code or "", fmt_local(c.first_arrival), float(c.amount_in),
                      float(c.amount_out), float(c.amount_held), c.request_status or "", c.request_outcome or "",
                      float(c.request_amount) if c.request_amount is not None else None,
                      holders.get(c.account, "")])
    edges = wb.create_sheet("资金流水 Transfers")
    append_safe(edges, EDGE_HEADERS)
    for cell in edges[1]:
        cell.font = Font(bold=True)
    for e in sorted(trace.edges, key=lambda x: x.time):
        append_safe(edges, [e.txn_id, fmt_local(e.time), e.from_account, e.to_account, float(e.amount),
                            float(e.attributed), e.tier, channels.get(e.txn_id, "")])
    for sheet, money_columns, first_row in ((cards, "EFGJ", 3), (edges, "EF", 2)):
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 22
        for letter in money_columns:  # yuan with two places, as on the paperwork
            for cell in sheet[letter][first_row - 1:]:
                cell.number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
