"""A case's history (案件日志): the audit trail of one case, for those who may read the case."""

from __future__ import annotations

from sqlalchemy.orm import Session

from antifraud.cases.service import get_case
from antifraud.core import audit
from antifraud.core.auth import Principal


def case_history(session: Session, principal: Principal, case_id: int) -> list[audit.AuditEntry]:
    """The audit entries of a case, oldest first; NotFound when the principal may not see the case."""
    get_case(session, principal, case_id)  # the same role and county scope as the case itself
    return audit.entries_for(session, "case", case_id)
