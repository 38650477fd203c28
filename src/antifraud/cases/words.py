"""A case's timeline in words, in the reader's language (codes become labels)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from antifraud.cases.schemas import TimelineEntry
from antifraud.ui.i18n import label, t

# fields whose stored values are codes a reader should see as words
_CODED = {"fraud_type": "fraud_type", "victim.occupation": "occupation", "victim.education": "education"}


def _money(value: str | None) -> str:
    """An amount in yuan as people read it: 12,800.50."""
    try:
        return f"{Decimal(value or ''):,.2f}"
    except InvalidOperation:
        return value or ""


def _value(field: str, value: str, lang: str | None) -> str:
    if not value:
        return t("timeline.empty", lang)
    if field == "loss_amount":
        return _money(value)
    group = _CODED.get(field)
    return label(group, value, lang) if group else value


def _status(p: dict[str, str], lang: str | None) -> str:
    text = t("timeline.status", lang, old=label("case_status", p.get("from"), lang),
             new=label("case_status", p.get("to"), lang))
    if p.get("bureau") and p.get("to") == "transferred":
        text += t("timeline.transfer", lang, org=p["bureau"])
    if p.get("cluster"):
        text += t("timeline.cluster", lang, code=p["cluster"])
    return text


def _assign(p: dict[str, str], lang: str | None) -> str:
    """What an assignment changed: the investigator, the bureau, or both."""
    empty = t("timeline.empty", lang)
    parts = []
    if p.get("assignee_from") != p.get("assignee"):
        parts.append(t("timeline.assign", lang, old=p.get("assignee_from") or empty, new=p.get("assignee") or empty))
    if p.get("bureau_from") != p.get("bureau"):
        parts.append(t("timeline.assign_bureau", lang, source=p.get("bureau_from") or empty,
                       org=p.get("bureau") or empty))
    return t("timeline.and", lang).join(parts)


def _request(event: str, p: dict[str, str], lang: str | None) -> str:
    kind = label("request_kind", p.get("kind"), lang)
    if event == "request_sent":
        text = t("timeline.request_sent", lang, type=kind, org=p.get("target", ""), account=p.get("account", ""))
        return text + (t("timeline.with_amount", lang, amount=_money(p["amount"])) if p.get("amount") else "")
    if event == "request_acknowledged":
        return t("timeline.request_acknowledged", lang, type=kind, org=p.get("target", ""),
                 account=p.get("account", ""))
    if event == "request_refused":
        return t("timeline.request_refused", lang, type=kind, org=p.get("target", ""), account=p.get("account", ""),
                 reason=p.get("note", ""))
    text = t("timeline.request_completed", lang, type=kind, org=p.get("target", ""), account=p.get("account", ""),
             reason=label("outcome", p.get("outcome"), lang))
    return text + (t("timeline.with_amount", lang, amount=_money(p["stopped"])) if p.get("stopped") else "")


def timeline_text(entry: TimelineEntry, lang: str | None = None) -> str:
    """One timeline entry as a sentence in ``lang`` (the signed-in user's language when None)."""
    p, event = entry.params, entry.event
    if event == "report":
        key = "timeline.report_desk" if p.get("source") == "desk" else "timeline.report"
        return t(key, lang, case_no=p.get("case_no", ""), type=label("fraud_type", p.get("fraud_type"), lang),
                 amount=_money(p.get("loss")), n=p.get("identifiers", "0"))
    if event == "status":
        text = _status(p, lang)
    elif event == "assign":
        text = _assign(p, lang)
    elif event == "correct":
        field = p.get("field", "")
        text = t("timeline.correct", lang, type=label("case_field", field, lang),
                 old=_value(field, p.get("old", ""), lang), new=_value(field, p.get("new", ""), lang))
    elif event == "identifier":
        text = t("timeline.identifier", lang, type=label("identifier_kind", p.get("kind"), lang),
                 account=p.get("value", ""), by=label("routing", p.get("routing"), lang))
        text += t("timeline.with_amount", lang, amount=_money(p["amount"])) if p.get("amount") else ""
    elif event == "note":
        return t("timeline.note", lang, reason=p.get("text", ""))
    elif event == "attachment":
        return t("timeline.attachment", lang, source=p.get("filename", ""), type=p.get("media_type", ""),
                 n=p.get("size", ""), code=p.get("sha256", "")[:12])
    elif event == "warning":
        return t("timeline.warning", lang, code=p.get("warning_no", ""), type=label("fraud_type", p.get("fraud_type"),
                                                                                   lang),
                 score=p.get("score", ""), new=label("warning_status", p.get("status"), lang))
    elif event == "trace":
        return t("timeline.trace", lang, n=p.get("tiers", ""), count=p.get("cards", ""))
    elif event == "stop_reached":
        return t("timeline.stop_reached", lang, n=p.get("requested", "0"), open=p.get("already_open", "0"),
                 unroutable=p.get("unroutable", "0"))
    else:
        return _request(event, p, lang)
    return text + (t("timeline.reason", lang, reason=p["reason"]) if p.get("reason") else "")
