"""A cluster's evidence as an XLSX workbook for prosecutors: its cases, each link with the identifier and the
time it was made, the identifiers the cases share, and the identifiers left out as hubs, with why.

Every text cell goes through the formula guard (``core.cells``), as in every spreadsheet the platform writes.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from antifraud.core.cells import append_safe, safe_text
from antifraud.core.clock import fmt_local, now
from antifraud.linking.schemas import ClusterOut
from antifraud.ui.i18n import label, t

LANG = "zh"  # documents for prosecutors are written in Chinese


def _header(sheet: object, keys: list[str]) -> None:
    append_safe(sheet, [t(k, LANG) for k in keys])
    for cell in sheet[sheet.max_row]:  # type: ignore[index]
        cell.font = Font(bold=True)


def cluster_workbook(cluster: ClusterOut) -> bytes:
    """The workbook of one cluster's evidence."""
    book = Workbook()
    cases = book.active
    cases.title = safe_text(t("export.cases", LANG))
    append_safe(cases, [t("export.title", LANG, n=cluster.id, at=fmt_local(now()))])
    _header(cases, ["col.case_no", "col.fraud_type", "col.loss", "col.reported", "col.jurisdiction"])
    for c in cluster.cases:
        append_safe(cases, [c.case_no, label("fraud_type", c.fraud_type, LANG), float(c.loss_amount),
                            fmt_local(c.reported_at), c.jurisdiction])
    links = book.create_sheet(safe_text(t("export.links", LANG)))
    _header(links, ["export.case_a", "export.case_b", "hubs.kind", "hubs.value", "export.linked_at"])
    for x in cluster.links:
        append_safe(links, [x.case_a_no, x.case_b_no, label("link_kind", x.kind, LANG), x.value,
                            fmt_local(x.linked_at)])
    number = {c.case_id: c.case_no for c in cluster.cases}
    shared = book.create_sheet(safe_text(t("export.shared", LANG)))
    _header(shared, ["hubs.kind", "hubs.value", "hubs.cases", "export.cases_sharing"])
    for s in cluster.shared:
        append_safe(shared, [label("link_kind", s.kind, LANG), s.value, len(s.case_ids),
                             "、".join(number.get(i, str(i)) for i in s.case_ids)])
    hubs = book.create_sheet(safe_text(t("export.hubs", LANG)))
    _header(hubs, ["hubs.kind", "hubs.value", "hubs.why", "hubs.cases"])
    for h in cluster.hubs:
        append_safe(hubs, [label("link_kind", h.kind, LANG), h.value, label("hub_reason", h.reason, LANG), h.cases])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
