"""A background job as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class JobOut(BaseModel):
    """State, progress, the first errors (and a count of the rest) and, when done, the result."""

    id: int
    kind: str
    state: str
    source: str
    rows_total: int
    rows_done: int
    errors: list[dict[str, Any]]
    errors_omitted: int
    result: dict[str, Any] | None
    failure: str | None
    created_by: str
    created_at: datetime
    finished_at: datetime | None
