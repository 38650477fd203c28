"""Statements in, traces out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from antifraud.dispatch.schemas import RequestOut

Rule = Literal["fifo", "proportional", "poison"]

EngineTime = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str, when_used="json")]
"""A time of the engine's records, written as they write it (`isoformat`: 2024-03-01T10:00:00+00:00)."""


class TransferIn(BaseModel):
    """One statement row in the canonical layout, as a bank system sends it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    txn_id: str = Field(min_length=1, max_length=64)
    time: datetime
    from_account: str = Field(min_length=1, max_length=64)
    to_account: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    channel: str | None = Field(default=None, max_length=32)
    balance_after: Decimal | None = Field(default=None, max_digits=16, decimal_places=2)
    counterparty_name: str | None = Field(default=None, max_length=128)


class StatementBatchIn(BaseModel):
    """A batch of statement rows, e.g. attached to a bank's answer to a stop-payment."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(default="api", max_length=200)
    transfers: list[TransferIn] = Field(min_length=1, max_length=50_000)


class RowErrorOut(BaseModel):
    """A rejected row: where and why."""

    file: str
    line: int
    reason: str


class ImportOut(BaseModel):
    """What an import kept, skipped and rejected, and which cases were traced again."""

    import_id: int
    source: str
    rows_total: int
    rows_new: int
    rows_duplicate: int
    rows_bad: int
    errors: list[RowErrorOut]
    retraced_cases: list[int]
    errors_omitted: int = Field(default=0, description="bad rows counted beyond the first ones listed")
    state: str = Field(default="done", description="done; queued while a background job imports it")
    job_id: int | None = Field(default=None, description="the background job, GET /api/v1/jobs/{id}")


class TraceIn(BaseModel):
    """Options of a case trace; without a seed the victim's transfers are found from the case."""

    model_config = ConfigDict(extra="forbid")

    rule: Rule = "fifo"
    max_tiers: int = Field(default=5, ge=1, le=10)
    window_hours: float | None = Field(default=72, gt=0, le=24 * 90)
    fanout_cap: int | None = Field(default=200, ge=1, le=100_000)
    txn_id: str | None = None
    card: str | None = None
    at: datetime | None = None
    amount: Decimal | None = Field(default=None, gt=0, max_digits=16, decimal_places=2)


class ReachedCard(BaseModel):
    """A card the victim's money reached, over all seeds, with its stop-payment state."""

    account: str
    bank_code: str | None
    tier: int
    first_arrival: datetime
    amount_in: Decimal
    amount_out: Decimal
    amount_held: Decimal
    request_id: int | None = None
    request_status: str | None = None
    request_outcome: str | None = None
    request_amount: Decimal | None = None
    proposed: bool = False
    statement: Literal["supplied", "requested", "refused", "missing"] = Field(
        default="missing", description="whether the card's own statement is in: without it, where its money "
                                       "went next is unknown (not 'nothing moved')")
    statement_request_id: int | None = None


class SeedOut(BaseModel):
    """Where one of the case's traces started (the engine's `TraceSeed`): txn_id None for a card seed."""

    model_config = ConfigDict(from_attributes=True)

    txn_id: str | None
    account: str
    time: EngineTime
    amount: Decimal


class EdgeOut(BaseModel):
    """A transfer carrying the victim's money, once over all seeds (the engine's `TraceEdge`)."""

    model_config = ConfigDict(from_attributes=True)

    txn_id: str
    from_account: str
    to_account: str
    time: EngineTime
    amount: Decimal
    attributed: Decimal
    tier: int


class CappedOut(BaseModel):
    """A hub card whose fan-out was cut, once over all seeds (the engine's `CappedHub`)."""

    model_config = ConfigDict(from_attributes=True)

    account: str
    kept: int
    dropped: int
    amount: Decimal


class TraceOut(BaseModel):
    """A stored trace of a case."""

    trace_id: int
    case_id: int
    case_no: str
    rule: str
    max_tiers: int
    created_at: datetime
    created_by: str
    trigger: str
    seeds: list[SeedOut]
    reached: list[ReachedCard]
    edges: list[EdgeOut]
    total_held: Decimal
    left_trace: Decimal
    capped: list[CappedOut]


StopReason = Literal["no_money", "open_request", "stopped", "frozen", "unroutable", "invalid"]


class StopSkip(BaseModel):
    """A reached card "stop all" leaves alone, and why (a code, with the request that holds it)."""

    account: str
    reason: StopReason
    detail: str
    request_id: int | None = None
    valid_until: datetime | None = None


class StopPlanCard(BaseModel):
    """One reached card as "stop all" would treat it: send a stop-payment, or skip it with the reason."""

    account: str
    bank_code: str | None
    tier: int
    amount_held: Decimal
    send: bool
    skip: StopSkip | None = None


class StopPlanOut(BaseModel):
    """What "stop all reached" would do, shown before it is confirmed."""

    trace_id: int
    case_no: str
    cards: list[StopPlanCard]
    to_send: int
    to_skip: int
    amount_to_stop: Decimal


class StopOut(BaseModel):
    """What "stop all reached" did, card by card: the requests sent, and every card skipped with why."""

    trace_id: int
    requested: list[str]
    already_open: list[str]
    unroutable: list[str]
    skipped_no_money: list[str]
    request_ids: list[int]
    skipped: list[StopSkip] = Field(default_factory=list)


class StatementSkip(BaseModel):
    """A reached card no statement request went to, and why."""

    account: str
    reason: Literal["supplied", "requested", "unroutable"]
    request_id: int | None = None


class StatementRequestsOut(BaseModel):
    """The statement requests (调单) sent for a case's reached cards, and the cards left alone."""

    trace_id: int
    requested: list[RequestOut]
    skipped: list[StatementSkip]


class StatementAnswerOut(BaseModel):
    """A bank's statement answering a statement request: the request and the import.

    Answered in the request (201): the request is completed and `retrace_job_id` is the job tracing the case
    again. A large file (202): the request is still open, `job_id` is the job reading the file, and its
    result, once done, is this answer with the request completed.
    """

    request: RequestOut
    statement: ImportOut
    job_id: int | None = None
    retrace_job_id: int | None = None
