"""The audit log for auditors' tools: a page of entries with the total, and the export files."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel

from antifraud.core import audit
from antifraud.core.errors import ValidationFailed
from antifraud.web.audit_view import day_bounds, export_log, page_of_log
from antifraud.web.deps import MAX_ID, PrincipalDep, SessionDep

router = APIRouter(tags=["audit"])
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class AuditEntryOut(BaseModel):
    """One audit entry, its action and record in words: English when the request's Accept-Language puts
    English first, else the server's language (Chinese by default)."""

    id: int
    time: str
    actor: str
    action: str
    action_code: str
    entity: str
    details: str


def _query(actor: str | None, action: str | None, entity_type: str | None, entity_id: str | None,
           day_from: date | None, day_to: date | None) -> audit.AuditQuery:
    if day_from and day_to and day_from > day_to:
        raise ValidationFailed("the start date is after the end date", field="day_from", code="list.dates_reversed")
    since, until = day_bounds(day_from, day_to)
    return audit.AuditQuery(actor=actor or None, action=action or None, entity_type=entity_type or None,
                            entity_id=entity_id or None, since=since, until=until)


def _language(accept_language: str | None) -> str | None:
    """``en`` when the caller's first language is English; None (the server's default) otherwise."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh" if first.startswith("zh") else None


Text = Annotated[str | None, Query(max_length=64)]
AcceptLanguage = Annotated[str | None, Header(include_in_schema=False)]
Day = Annotated[date | None, Query(description="a local calendar day")]


@router.get("/audit", response_model=list[AuditEntryOut])
def audit_log(session: SessionDep, principal: PrincipalDep, response: Response,
              limit: Annotated[int, Query(ge=1, le=1000)] = 50, offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
              actor: Text = None, action: Text = None, entity_type: Text = None, entity_id: Text = None,
              day_from: Day = None, day_to: Day = None, accept_language: AcceptLanguage = None
              ) -> list[AuditEntryOut]:
    """Audit entries newest first, filtered; the header X-Total-Count says how many match in all."""
    query = _query(actor, action, entity_type, entity_id, day_from, day_to)
    rows, total = page_of_log(session, principal, query, limit, offset, _language(accept_language))
    response.headers["X-Total-Count"] = str(total)
    return [AuditEntryOut(**row) for row in rows]


@router.get("/audit/export", response_class=Response,
            responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}},
                             "description": "the matching entries as a file"}})
def audit_export(session: SessionDep, principal: PrincipalDep, format: Literal["csv", "xlsx"] = "csv",
                 actor: Text = None, action: Text = None, entity_type: Text = None, entity_id: Text = None,
                 day_from: Day = None, day_to: Day = None, accept_language: AcceptLanguage = None) -> Response:
    """The matching entries (at most 100,000, newest first) as CSV or XLSX."""
    query = _query(actor, action, entity_type, entity_id, day_from, day_to)
    content = export_log(session, principal, query, format, _language(accept_language))
    return Response(content, media_type=MEDIA[format],
                    headers={"Content-Disposition": f'attachment; filename="audit-log.{format}"'})
