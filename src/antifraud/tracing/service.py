"""Tracing use cases: import statements, trace a case's money tier by tier, stop every reached card."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from antifraud.cases import service as cases
from antifraud.cases.schemas import CaseOut
from antifraud.core import audit
from antifraud.core.auth import SYSTEM, Permission, Principal
from antifraud.core.clock import as_utc, now
from antifraud.core.db import session_scope
from antifraud.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.dispatch import service as dispatch
from antifraud.dispatch.schemas import RequestOut
from antifraud.identifiers import IdentifierError, parse_bank_card
from antifraud.identifiers.service import do_record_statement_holder
from antifraud.jobs import service as jobs
from antifraud.tracing import store
from antifraud.tracing.accounts import check_account, check_txn_id
from antifraud.tracing.engine import (
    AccountTrace,
    CappedHub,
    CardSeed,
    TraceEdge,
    TraceInputError,
    TraceResult,
    TraceSeed,
    trace_funds,
)
from antifraud.tracing.export import trace_workbook
from antifraud.tracing.index import Transfer as TransferRecord
from antifraud.tracing.index import TransferIndex
from antifraud.tracing.models import CaseTrace, StatementImport
from antifraud.tracing.schemas import (
    CappedOut,
    EdgeOut,
    ImportOut,
    ReachedCard,
    RowErrorOut,
    SeedOut,
    StatementAnswerOut,
    StatementBatchIn,
    StatementRequestsOut,
    StatementSkip,
    StopOut,
    StopPlanCard,
    StopPlanOut,
    StopReason,
    StopSkip,
    TraceIn,
    TraceOut,
)
from antifraud.tracing.statements import (
    MAX_ERRORS,
    ErrorLog,
    ParseResult,
    RowError,
    Scope,
    StatementFileError,
    parse_statement_bytes,
    upload_name,
)

TOPIC = "tracing"
ZERO = Decimal("0.00")
RETRACE_LOOKBACK = 200  # most recent traces checked when new statements arrive


@lru_cache(maxsize=200_000)
def bank_of(account: str) -> str | None:
    """The issuing bank of a card number, if the BIN table knows it (remembered per card)."""
    try:
        return parse_bank_card(account).bank_code
    except IdentifierError:
        return None


# ---- statements in ------------------------------------------------------------------------------

SYNC_BYTES = 2**20     # a larger upload is imported as a background job
SYNC_ROWS = 5_000      # so is a larger batch of rows
BATCH_ROWS = 500       # rows a job commits per (short) transaction
JOB_KIND = "statements.import"


def statement_scope(principal: Principal) -> Scope | None:
    """Which rows a principal may bring in: a bank only rows of its own cards (by the BIN table).

    A card whose issuer the BIN table does not know may be the bank's own (no table is complete, and a
    bank's statement is how the platform learns an issuer), so a row is refused only when every card in
    it is known to be another issuer's. Police import any statement. The scope is asked per row, so other checks (a statement
    request for the card, say) can be added here without touching the parsers.
    """
    if not principal.is_partner:
        return None
    bank = principal.org_code

    def own_cards_only(cards: tuple[str, ...], _time: datetime) -> str | None:
        if any(bank_of(card) in (bank, None) for card in cards):
            return None
        named = f"{cards[0]} is not" if len(cards) == 1 else f"neither {' nor '.join(cards)} is"
        return f"card: {named} a card of {bank}; a bank brings in statements of its own cards only"

    return own_cards_only


def do_import_statement_file(session: Session, principal: Principal, content: bytes, filename: str) -> ImportOut:
    """Import a CSV or XLSX statement file; bad rows are reported, good rows kept, repeats ignored.

    A file above SYNC_BYTES is queued as a background job and answered at once (state "queued").
    """
    principal.require(Permission.STATEMENT_IMPORT)
    name = upload_name(filename)
    if Path(name).suffix.lower() not in (".csv", ".xlsx"):
        raise ValidationFailed(f"{name}: a .csv or .xlsx statement file is needed", field="file")
    if len(content) > SYNC_BYTES:
        return do_queue_statement_import(session, principal, "file", name, content)
    records, names, errors = _parse_file(content, name, principal)
    return _import_now(session, principal, name, hashlib.sha256(content).hexdigest(), records, errors, names)


def do_import_statement_rows(session: Session, principal: Principal, batch: StatementBatchIn) -> ImportOut:
    """Import canonical statement rows sent by a bank system (a large batch as a background job)."""
    principal.require(Permission.STATEMENT_IMPORT)
    payload = batch.model_dump_json().encode()
    if len(batch.transfers) > SYNC_ROWS:
        return do_queue_statement_import(session, principal, "rows", batch.source, payload)
    records, names, errors = _check_rows(batch, principal)
    return _import_now(session, principal, batch.source, hashlib.sha256(payload).hexdigest(), records, errors,
                       names)


def do_import_statement_records(session: Session, principal: Principal, source: str,
                             records: Sequence[TransferRecord]) -> ImportOut:
    """Import statement rows an in-process producer already checked (the simulated city's banks),
    with an import record, audited, in the caller's transaction; repeats are ignored."""
    principal.require(Permission.STATEMENT_IMPORT)
    digest = hashlib.sha256("\n".join(r.txn_id for r in records).encode()).hexdigest()
    return _import_now(session, principal, source, digest, records, ErrorLog(), {})


def _parse_file(content: bytes, name: str, principal: Principal
                ) -> tuple[list[TransferRecord], dict[str, str], ErrorLog]:
    """Parse an uploaded file in the principal's scope; a file that cannot be read is a 422 naming it."""
    try:
        parsed = parse_statement_bytes(content, name, statement_scope(principal))
    except StatementFileError as exc:
        raise ValidationFailed(str(exc), field="file") from None
    errors = ErrorLog()
    errors.kept, errors.total = list(parsed.errors), parsed.rows_bad
    return parsed.transfers, parsed.account_names, errors


def _check_rows(batch: StatementBatchIn, principal: Principal
                ) -> tuple[list[TransferRecord], dict[str, str], ErrorLog]:
    """Rows of a batch with checked ids and accounts, in the principal's scope; bad ones by line."""
    scope = statement_scope(principal)
    records, names, errors = [], {}, ErrorLog()
    for line, row in enumerate(batch.transfers, 1):
        try:
            txn_id = check_txn_id(row.txn_id)
            src, dst = check_account(row.from_account, "from_account"), check_account(row.to_account, "to_account")
            if src == dst:
                raise ValueError("to_account: same as from_account")
            refused = scope((src, dst), as_utc(row.time)) if scope else None
            if refused:
                raise ValueError(refused)
        except ValueError as exc:
            errors.add(RowError(batch.source, line, str(exc)))
            continue
        records.append(TransferRecord(txn_id, as_utc(row.time), src, dst, row.amount, row.channel or "",
                                      row.balance_after))
        if row.counterparty_name:
            names[dst] = row.counterparty_name
    return records, names, errors


def _new_import(principal: Principal, source: str, digest: str, state: str) -> StatementImport:
    return StatementImport(source=source[:256], digest=digest, rows_total=0, rows_new=0, rows_duplicate=0,
                           rows_bad=0, errors=[], errors_omitted=0, imported_by=principal.username,
                           imported_at=now(), org_code=principal.org_code, state=state)


def _set_errors(imp: StatementImport, records: int, errors: ErrorLog) -> None:
    imp.rows_total, imp.rows_bad = records + errors.total, errors.total
    imp.errors = [{"file": e.file, "line": e.line, "reason": e.reason} for e in errors.sorted()]
    imp.errors_omitted = errors.omitted


def _import_now(session: Session, principal: Principal, source: str, digest: str,
                records: Sequence[TransferRecord], errors: ErrorLog, names: dict[str, str],
                retrace: bool = True) -> ImportOut:
    """Store a small import in the caller's transaction, audit it and retrace the cases it touches."""
    imp = _new_import(principal, source, digest, "done")
    _set_errors(imp, len(records), errors)
    session.add(imp)
    session.flush()
    imp.rows_new, imp.rows_duplicate, stored = store.save_supplied(
        session, records, imp.id, principal.org_code, names, principal.is_partner)
    return _finish_import(session, principal, imp, records, stored if retrace else 0)


def _finish_import(session: Session, principal: Principal, imp: StatementImport,
                   records: Sequence[TransferRecord], stored: int) -> ImportOut:
    """Audit an import and, when it stored anything, retrace the cases whose cards it touches (once)."""
    imp.state = "done"
    audit.record(session, principal, "statements.import", "statement_import", imp.id,
                 {"source": imp.source, "new": imp.rows_new, "duplicate": imp.rows_duplicate,
                  "bad": imp.rows_bad, "job_id": imp.job_id})
    do_record_statement_holder(session, principal, [(r.from_account, r.to_account) for r in records], imp.source)
    accounts = {r.from_account for r in records} | {r.to_account for r in records}
    retraced = do_retrace_cases_touching(session, accounts) if stored else []
    return _import_out(imp, retraced)


def _import_out(imp: StatementImport, retraced: list[int]) -> ImportOut:
    return ImportOut(import_id=imp.id, source=imp.source, rows_total=imp.rows_total, rows_new=imp.rows_new,
                     rows_duplicate=imp.rows_duplicate, rows_bad=imp.rows_bad,
                     errors=[RowErrorOut(**e) for e in imp.errors], retraced_cases=retraced,
                     errors_omitted=imp.errors_omitted, state=imp.state, job_id=imp.job_id)


# ---- statements in, as a background job ---------------------------------------------------------

def do_queue_statement_import(session: Session, principal: Principal, fmt: str, source: str, payload: bytes,
                           start: bool = True) -> ImportOut:
    """Queue a large import (`fmt` "file" or "rows"); it runs after this transaction commits."""
    imp = _new_import(principal, source, hashlib.sha256(payload).hexdigest(), "queued")
    session.add(imp)
    session.flush()
    job = jobs.do_queue_job(session, principal, JOB_KIND, source, payload, subject_id=imp.id, start=start)
    job.progress = {"format": fmt, "records_done": 0, "stored": 0}
    imp.job_id = job.id
    audit.record(session, principal, "statements.import_queued", "statement_import", imp.id,
                 {"source": imp.source, "bytes": len(payload), "job_id": job.id})
    return _import_out(imp, [])


def do_run_statement_job(engine: Engine, job_id: int) -> None:
    """Parse outside any transaction, commit rows in batches (resuming after the last one), finish once."""
    with session_scope(engine) as session:
        job = jobs.find_job(session, job_id)
        if job is None or job.payload is None:
            raise RuntimeError(f"job {job_id} has no input")
        payload, fmt, source, imp_id = job.payload, job.progress["format"], job.source, job.subject_id
        principal, done = jobs.principal_of(job), int(job.progress.get("records_done", 0))
    try:
        if fmt == "file":
            records, names, errors = _parse_file(payload, source, principal)
        else:
            records, names, errors = _check_rows(StatementBatchIn.model_validate_json(payload), principal)
    except (ValidationFailed, PydanticValidationError) as exc:
        _fail_import(engine, job_id, imp_id, principal, str(exc))
        return
    with session_scope(engine) as session:
        job, imp = jobs.job_row(session, job_id), session.get_one(StatementImport, imp_id)
        _set_errors(imp, len(records), errors)
        imp.state, job.rows_total, job.rows_done = "running", imp.rows_total, errors.total + done
        job.errors, job.errors_omitted, job.heartbeat_at = imp.errors, imp.errors_omitted, now()
    for begin in range(done, len(records), BATCH_ROWS):
        _commit_batch(engine, job_id, imp_id, principal, records[begin:begin + BATCH_ROWS], names,
                      errors.total)
    with session_scope(engine) as session:
        job, imp = jobs.job_row(session, job_id), session.get_one(StatementImport, imp_id)
        out = _finish_import(session, principal, imp, records, int(job.progress.get("stored", 0)))
        job.state, job.result, job.finished_at, job.payload = "done", out.model_dump(mode="json"), now(), None
        job.rows_done = job.rows_total


def _commit_batch(engine: Engine, job_id: int, imp_id: int, principal: Principal,
                  batch: Sequence[TransferRecord], names: dict[str, str], bad: int) -> None:
    """One short transaction: a batch of rows, the import's counts and the job's progress together."""
    with session_scope(engine) as session:
        job, imp = jobs.job_row(session, job_id), session.get_one(StatementImport, imp_id)
        new, duplicate, stored = store.save_supplied(session, batch, imp_id, principal.org_code, names,
                                                     principal.is_partner)
        imp.rows_new += new
        imp.rows_duplicate += duplicate
        progress = dict(job.progress)
        progress["records_done"] = int(progress.get("records_done", 0)) + len(batch)
        progress["stored"] = int(progress.get("stored", 0)) + stored
        job.progress, job.rows_done, job.heartbeat_at = progress, bad + progress["records_done"], now()


def _fail_import(engine: Engine, job_id: int, imp_id: int | None, principal: Principal, reason: str) -> None:
    """A file that cannot be read fails its job with the reason (naming the file), audited."""
    with session_scope(engine) as session:
        imp = session.get(StatementImport, imp_id) if imp_id is not None else None
        if imp is not None:
            imp.state = "failed"
        audit.record(session, principal, "statements.import_failed", "statement_import", imp_id,
                     {"job_id": job_id, "reason": reason[:300]})
    jobs.do_fail_job(engine, job_id, reason)


jobs.register(JOB_KIND, do_run_statement_job)


# ---- tracing from the database ------------------------------------------------------------------

def load_subgraph(session: Session, account: str, since: datetime, until: datetime | None,
                  max_tiers: int) -> list[TransferRecord]:
    """The stored transfers a trace from `account` can touch, read tier by tier outward.

    Each tier's payments are read from the earliest time money reached that tier; the cards one
    tier beyond `max_tiers` only receive (what reaches them has left the trace), so their other
    inflows are not read. Inflows from others to the traced cards are read too, because they queue
    with (fifo) or dilute (proportional) the victim's money — from the same time as the card's
    payments, so that the opening balance derived from a payment's `balance_after` is the card's
    balance when its window starts (an inflow read without the payments before it would be counted
    twice: once in that balance, once as a lot).
    """
    traced, frontier, arrival = {account}, [account], since
    window_start = {account: since}
    found: dict[str, TransferRecord] = {}
    for _tier in range(max_tiers):
        out = store.outgoing(session, frontier, arrival, until)
        found.update((t.txn_id, t) for t in out)
        fresh = {t.to_account: t.time for t in sorted(out, key=lambda t: t.time, reverse=True)
                 if t.to_account not in traced}
        if not fresh or _tier == max_tiers - 1:
            break
        frontier, arrival = sorted(fresh), min(fresh.values())
        traced.update(frontier)
        window_start.update(dict.fromkeys(frontier, arrival))
    found.update((t.txn_id, t) for t in store.incoming(session, sorted(traced), since, until)
                 if t.time >= window_start[t.to_account] or t.txn_id in found)
    return list(found.values())


def money_around(session: Session, starts: Sequence[tuple[str, datetime]], window: timedelta,
                 max_tiers: int = 5) -> tuple[list[TransferRecord], dict[str, int]]:
    """The stored transfers traces from these (account, since) starts can touch within ``window``, and how many
    different accounts paid each account met (for the gang graph: mules, cash-out points, merchants kept out)."""
    found: dict[str, TransferRecord] = {}
    for account, since in starts:
        found.update((t.txn_id, t) for t in load_subgraph(session, account, since, since + window, max_tiers))
    accounts = sorted({t.to_account for t in found.values()} | {t.from_account for t in found.values()})
    return sorted(found.values(), key=lambda t: (t.time, t.txn_id)), store.distinct_payers(session, accounts)


def trace_in_db(session: Session, seed: str | CardSeed, *, rule: str = "fifo", max_tiers: int = 5,
                window: timedelta | None = timedelta(hours=72), fanout_cap: int | None = 200) -> TraceResult:
    """Trace from a stored transfer id or a card seed over the statements in the database."""
    return trace_seeds_in_db(session, [seed], rule=rule, max_tiers=max_tiers, window=window,
                             fanout_cap=fanout_cap)[0]


@dataclass(frozen=True)
class _SeedStart:
    """A seed of a case's trace: where the victim's money entered and the time window it opens."""

    position: int
    seed: str | CardSeed
    account: str
    since: datetime
    until: datetime | None
    extra: list[TransferRecord]


def trace_seeds_in_db(session: Session, seeds: Sequence[str | CardSeed], *, rule: str = "fifo",
                      max_tiers: int = 5, window: timedelta | None = timedelta(hours=72),
                      fanout_cap: int | None = 200) -> list[TraceResult]:
    """Trace several seeds of one case (results in the seeds' order) over the statements they touch.

    A victim who paid several times has one seed per payment. Seeds whose windows overlap are
    traced over one index holding every transfer any of them can reach, so a card's earlier money —
    another seed's included — queues ahead of (fifo) or dilutes (proportional) each seed's money
    exactly once, and the per-seed results add up without attributing any payment twice.
    """
    starts = []
    for position, seed in enumerate(seeds):
        if isinstance(seed, CardSeed):
            account, since, extra = seed.account, seed.time, []
        else:
            victim = store.by_txn(session, seed)
            if victim is None:
                raise ValidationFailed(f"no stored transfer '{seed}'", field="txn_id")
            account, since, extra = victim.to_account, victim.time, [victim]
        until = None if window is None else since + window
        starts.append(_SeedStart(position, seed, account, since, until, extra))
    groups: list[tuple[list[_SeedStart], datetime | None]] = []  # seeds, end of their joint window
    for start in sorted(starts, key=lambda x: x.since):
        if groups and (groups[-1][1] is None or start.since <= groups[-1][1]):
            members, until = groups[-1]
            groups[-1] = (members + [start], None if until is None or start.until is None
                          else max(until, start.until))
        else:
            groups.append(([start], start.until))
    results: list[TraceResult | None] = [None] * len(starts)
    for group, until in groups:
        records: list[TransferRecord] = []
        for start in group:  # each read up to the joint window's end: a card's flows have no gap
            records += load_subgraph(session, start.account, start.since, until, max_tiers) + start.extra
        index = TransferIndex.from_transfers(records)
        for start in group:
            try:
                results[start.position] = trace_funds(index, start.seed, rule=rule, max_tiers=max_tiers,
                                                      window=window, fanout_cap=fanout_cap, bank_of=bank_of)
            except TraceInputError as exc:
                raise ValidationFailed(str(exc), field="seed") from None
    return [r for r in results if r is not None]


def case_seeds(session: Session, case: CaseOut, options: TraceIn) -> list[str | CardSeed]:
    """Where the victim's money entered the gang: given explicitly, or found from the case."""
    if options.txn_id:
        return [options.txn_id]
    if options.card:
        if options.at is None or options.amount is None:
            raise ValidationFailed("a card seed needs `at` and `amount`", field="at")
        return [CardSeed(options.card, as_utc(options.at), options.amount)]
    victim_cards = [i.value for i in case.identifiers if i.kind == "bank_card" and i.role == "victim"]
    suspect_cards = [i.value for i in case.identifiers if i.kind == "bank_card" and i.role == "suspect"
                     and i.attrs.get("tier") in (None, 1)]
    if not suspect_cards:
        raise ValidationFailed("the case has no suspect bank card to start from", field="identifiers")
    found = store.victim_transfers(session, victim_cards, suspect_cards, case.occurred_at - timedelta(days=1),
                                   case.reported_at + timedelta(hours=1))
    if found:
        return [t.txn_id for t in found]
    share = (case.loss_amount / len(suspect_cards)).quantize(Decimal("0.01"))
    return [CardSeed(card, case.occurred_at, share) for card in suspect_cards]


def do_trace_case(session: Session, principal: Principal, case_id: int, options: TraceIn,
               trigger: str = "manual") -> TraceOut:
    """Trace the victim's money of a case through up to `max_tiers` tiers and keep the result."""
    principal.require(Permission.TRACE_RUN)
    case = cases.get_case(session, principal, case_id)
    window = None if options.window_hours is None else timedelta(hours=options.window_hours)
    results = trace_seeds_in_db(session, case_seeds(session, case, options), rule=options.rule,
                                max_tiers=options.max_tiers, window=window, fanout_cap=options.fanout_cap)
    reached = sorted({a.account for result in results for a in result.accounts})
    payload = {"results": [r.to_dict() for r in results], "options": options.model_dump(mode="json")}
    row = CaseTrace(case_id=case.id, rule=options.rule, max_tiers=options.max_tiers,
                    seeds=[r.seed.to_dict() for r in results], result=payload, accounts=reached,
                    created_at=now(), created_by=principal.username, trigger=trigger)
    session.add(row)
    session.flush()
    audit.record(session, principal, "case.trace", "case", case.id,
                 {"trace_id": row.id, "rule": options.rule, "tiers": options.max_tiers, "cards": len(reached),
                  "trigger": trigger})
    publish_after_commit(session, TOPIC, {"event": "traced", "case_id": case.id})
    return _trace_out(session, principal, row, case.case_no)


def _previous_accounts(session: Session, case_id: int, before_id: int) -> set[str] | None:
    prev = session.scalar(select(CaseTrace).where(CaseTrace.case_id == case_id, CaseTrace.id < before_id)
                          .order_by(CaseTrace.id.desc()).limit(1))
    return None if prev is None else set(prev.accounts)


def _trace_out(session: Session, principal: Principal, row: CaseTrace, case_no: str) -> TraceOut:
    """A stored trace with each reached card's current stop-payment state."""
    results = row.result.get("results", [])
    accounts = _merged_accounts([AccountTrace.from_dict(a) for r in results for a in r["accounts"]])
    requests = {r.account: r for r in dispatch.list_requests(session, principal, "all", case_id=row.case_id)
                if r.kind == "stop_payment"}
    previous = _previous_accounts(session, row.case_id, row.id)
    statements = _statement_states(session, [a.account for a in accounts])
    reached = []
    for a in accounts:
        req = requests.get(a.account)
        state, statement_request = statements[a.account]
        reached.append(ReachedCard(
            **a._asdict(), request_id=req.id if req else None, request_status=req.status if req else None,
            request_outcome=req.outcome if req else None, request_amount=req.amount if req else None,
            proposed=previous is not None and a.account not in previous and req is None,
            statement=state, statement_request_id=statement_request))
    edges = _merged_edges([TraceEdge.from_dict(e) for r in results for e in r["edges"]])
    capped = _merged_capped([CappedHub.from_dict(c) for r in results for c in r["capped"]])
    return TraceOut(
        trace_id=row.id, case_id=row.case_id, case_no=case_no, rule=row.rule, max_tiers=row.max_tiers,
        created_at=row.created_at, created_by=row.created_by, trigger=row.trigger,
        seeds=[SeedOut.model_validate(TraceSeed.from_dict(s)) for s in row.seeds], reached=reached,
        edges=[EdgeOut.model_validate(e._asdict()) for e in edges],
        total_held=sum((a.amount_held for a in accounts), ZERO),
        left_trace=sum((Decimal(r["left_trace"]["total"]) for r in results), ZERO),
        capped=[CappedOut.model_validate(c) for c in capped])


def _merged_accounts(accounts: Sequence[AccountTrace]) -> list[AccountTrace]:
    """Every reached card once over all seeds: the lowest tier, the first arrival, amounts added.

    In the order of `TraceResult.accounts`: by tier, first arrival, card.
    """
    merged: dict[str, AccountTrace] = {}
    for a in accounts:
        m = merged.get(a.account) or a._replace(amount_in=ZERO, amount_out=ZERO, amount_held=ZERO)
        merged[a.account] = m._replace(
            tier=min(m.tier, a.tier), first_arrival=min(m.first_arrival, a.first_arrival),
            amount_in=m.amount_in + a.amount_in, amount_out=m.amount_out + a.amount_out,
            amount_held=m.amount_held + a.amount_held)
    return sorted(merged.values(), key=lambda a: (a.tier, a.first_arrival, a.account))


def _statement_states(session: Session, accounts: list[str]) -> dict[str, tuple[str, int | None]]:
    """Per reached card: is its own statement in (so its onward flow is known), asked for, refused, or missing.

    A card is "supplied" when some stored transfer was paid from it, or its bank answered a statement
    request (an answered statement with no payment says the money stayed); otherwise the newest
    statement request says "requested" or "refused", and without one it is "missing".
    """
    paying = store.accounts_paying(session, accounts)
    asked = dispatch.statement_requests_of(session, accounts)
    states: dict[str, tuple[str, int | None]] = {}
    for account in accounts:
        req = asked.get(account)
        if req is not None and req.outcome == "supplied":
            states[account] = ("supplied", req.id)
        elif account in paying:
            states[account] = ("supplied", req.id if req else None)
        elif req is not None:
            states[account] = ("refused" if req.status == "completed" else "requested", req.id)
        else:
            states[account] = ("missing", None)
    return states




def _merged_capped(hubs: Sequence[CappedHub]) -> list[CappedHub]:
    """Hub cards the fan-out cap cut, once each over all seeds.

    The victim's money on the cut payments adds up (each seed's money is its own); the payment
    counts are the largest of any seed's trace, as several seeds' money can share payments.
    """
    merged: dict[str, CappedHub] = {}
    for c in hubs:
        m = merged.get(c.account)
        merged[c.account] = c if m is None else CappedHub(
            c.account, max(m.kept, c.kept), max(m.dropped, c.dropped), m.amount + c.amount)
    return sorted(merged.values(), key=lambda c: c.account)


def _merged_edges(edges: Sequence[TraceEdge]) -> list[TraceEdge]:
    """Every transfer carrying the victim's money once, over all seeds: attributed amounts added.

    A case with several victim transfers has one trace per transfer; their money can leave a card
    on the same payment, which is listed once with the victim's part from all of them.
    """
    merged: dict[str, TraceEdge] = {}
    for e in edges:
        m = merged.get(e.txn_id)
        merged[e.txn_id] = e if m is None else m._replace(attributed=m.attributed + e.attributed,
                                                          tier=min(m.tier, e.tier))
    return sorted(merged.values(), key=lambda e: (e.time, e.txn_id))


def latest_trace(session: Session, principal: Principal, case_id: int) -> TraceOut:
    """The newest trace of a case (404 when it was never traced)."""
    principal.require(Permission.CASE_READ)
    case = cases.get_case(session, principal, case_id)
    row = session.scalar(select(CaseTrace).where(CaseTrace.case_id == case_id).order_by(CaseTrace.id.desc())
                         .limit(1))
    if row is None:
        raise NotFound(f"case {case_id} has not been traced", field="case_id")
    return _trace_out(session, principal, row, case.case_no)


def trace_export(session: Session, principal: Principal, case_id: int) -> tuple[TraceOut, bytes]:
    """The newest trace as an XLSX workbook, with holder names and channels from the statements."""
    trace = latest_trace(session, principal, case_id)
    names, channels = store.details(session, [c.account for c in trace.reached],
                                    [e.txn_id for e in trace.edges])
    return trace, trace_workbook(trace, names, channels)


def _stop_skip(card: ReachedCard, hold: RequestOut | None) -> StopSkip | None:
    """Why "stop all" leaves a card alone: no victim's money on it, or a stop-payment or freeze holds it."""
    if card.amount_held <= ZERO:
        return StopSkip(account=card.account, reason="no_money",
                        detail="none of the victim's money is left on the card")
    if hold is None:
        return None
    if hold.status != "completed":
        return StopSkip(account=card.account, reason="open_request", request_id=hold.id,
                        detail=f"a {hold.kind} request ({hold.id}) to {hold.target_org} is {hold.status}")
    until = dispatch.valid_until(hold)
    reason: StopReason = "frozen" if hold.outcome == "frozen" else "stopped"
    return StopSkip(account=card.account, reason=reason, request_id=hold.id, valid_until=until,
                    detail=f"{reason} by {hold.target_org} (request {hold.id}) until "
                           f"{until.isoformat() if until else '?'}")


def stop_plan(session: Session, principal: Principal, case_id: int) -> StopPlanOut:
    """What "stop all reached" would do with each card of the newest trace, before anyone confirms it."""
    principal.require(Permission.TRACE_RUN)
    trace = latest_trace(session, principal, case_id)
    holds = dispatch.holding_requests(session, [c.account for c in trace.reached])
    cards = []
    for card in trace.reached:
        skip = _stop_skip(card, holds.get(card.account))
        cards.append(StopPlanCard(account=card.account, bank_code=card.bank_code, tier=card.tier,
                                  amount_held=card.amount_held, send=skip is None, skip=skip))
    sending = [c for c in cards if c.send]
    return StopPlanOut(trace_id=trace.trace_id, case_no=trace.case_no, cards=cards, to_send=len(sending),
                       to_skip=len(cards) - len(sending),
                       amount_to_stop=sum((c.amount_held for c in sending), ZERO))


def do_stop_all_reached(session: Session, principal: Principal, case_id: int) -> StopOut:
    """One stop-payment per reached card still holding the victim's money, with that amount (一键止付).

    A card already held — a stop-payment or freeze still open, or answered stopped/frozen and within
    its validity — gets no second request; every card left alone is returned with the reason.
    """
    plan = stop_plan(session, principal, case_id)
    out = StopOut(trace_id=plan.trace_id, requested=[], already_open=[], unroutable=[], skipped_no_money=[],
                  request_ids=[])
    for card in plan.cards:
        skip = card.skip
        if skip is None:
            outcome, request_id = cases.do_stop_reached_card(session, principal, case_id, card.account, card.tier,
                                                             card.amount_held)
            if request_id is not None:
                out.requested.append(card.account)
                out.request_ids.append(request_id)
                continue
            skip = StopSkip(account=card.account, reason="open_request" if outcome == "already_open" else
                            "invalid" if outcome == "invalid" else "unroutable",
                            detail={"already_open": "a stop-payment on the card is open",
                                    "invalid": "not a bank card number"}.get(
                                        outcome, "no work platform for the card's bank"))
        out.skipped.append(skip)
        {"no_money": out.skipped_no_money, "open_request": out.already_open, "stopped": out.already_open,
         "frozen": out.already_open}.get(skip.reason, out.unroutable).append(card.account)
    audit.record(session, principal, "case.stop_reached", "case", case_id,
                 {"trace_id": plan.trace_id, "requested": len(out.requested),
                  "skipped": {s.account: s.reason for s in out.skipped}})
    return out


# ---- statement requests (调单) ---------------------------------------------------------------------

STATEMENT_LEAD = timedelta(days=1)     # a statement asked for starts a day before the money arrived
STATEMENT_SPAN = timedelta(hours=72)   # and runs as long as a trace's default window


def statement_period(first_arrival: datetime, at: datetime, window_hours: float | None) -> tuple[datetime, datetime]:
    """The period a card's statement is asked for: from a day before the victim's money reached it
    until the trace's window closes (never after the request is sent)."""
    span = STATEMENT_SPAN if window_hours is None else timedelta(hours=window_hours)
    start = first_arrival - STATEMENT_LEAD
    return start, max(start, min(first_arrival + span, at))


def do_request_statements(session: Session, principal: Principal, case_id: int,
                          at: datetime | None = None) -> StatementRequestsOut:
    """Ask each reached card's bank for its statement (调单), for every card whose statement is not in.

    A card whose statement is in, or already asked for and unanswered, is skipped with the reason; so is
    one whose bank has no work platform. Audited as one action on the case.
    """
    principal.require(Permission.TRACE_RUN)
    at = at or now()
    trace = latest_trace(session, principal, case_id)
    options = TraceIn.model_validate(session.get_one(CaseTrace, trace.trace_id).result.get("options", {}))
    specs, skipped = [], []
    for card in trace.reached:
        if card.statement in ("supplied", "requested"):
            skipped.append(StatementSkip(account=card.account, reason=card.statement,
                                         request_id=card.statement_request_id))
            continue
        route = dispatch.route(session, "bank_card", {"bank_code": card.bank_code})
        if route.org is None:
            skipped.append(StatementSkip(account=card.account, reason="unroutable"))
            continue
        start, end = statement_period(card.first_arrival, at, options.window_hours)
        specs.append(dispatch.RequestSpec(dispatch.STATEMENT_REQUEST, card.account, route.org, tier=card.tier,
                                          transfer_at=card.first_arrival, period_from=start, period_to=end))
    made = dispatch.do_create_requests(session, principal, case_id, trace.case_no, specs, at) if specs else []
    audit.record(session, principal, "case.request_statements", "case", case_id,
                 {"trace_id": trace.trace_id, "requested": [r.id for r in made],
                  "skipped": {s.account: s.reason for s in skipped}})
    requested = [dispatch.get_request(session, principal, r.id) for r in made]
    return StatementRequestsOut(trace_id=trace.trace_id, requested=requested, skipped=skipped)


def _answer_scope(req: RequestOut) -> Scope:
    """Rows a statement answering `req` may hold: the requested card's own, within the requested period."""
    assert req.period_from is not None and req.period_to is not None
    start, end = req.period_from, req.period_to

    def requested_card_and_period(cards: tuple[str, ...], time: datetime) -> str | None:
        if req.account not in cards:
            return (f"card: {' / '.join(cards)} is not the card asked for ({req.account}); "
                    "a statement request is answered with that card's statement only")
        if not start <= time <= end:
            return (f"time: {time.isoformat()} is outside the period asked for "
                    f"({start.isoformat()} – {end.isoformat()})")
        return None

    return requested_card_and_period


ANSWER_JOB_KIND = "statements.answer"
RETRACE_JOB_KIND = "tracing.retrace"


def do_answer_statement_request(session: Session, principal: Principal, request_id: int, content: bytes,
                                filename: str, at: datetime | None = None, retrace: bool = True
                                ) -> StatementAnswerOut:
    """A bank answers a statement request by uploading the card's statement (CSV or XLSX, any supported layout).

    The file is taken whole or not at all: a row of another card, outside the period asked for, or
    unreadable makes it refused, naming every such line and why. A dropped row would silently change the
    flow traced from the statement, and rows of other customers have no business on the platform; the
    bank corrects the file and sends it again. Accepted, the rows are stored with the bank as their
    supplier and the request is completed by that import.

    A file up to SYNC_BYTES is checked and stored in the caller's transaction (a refused one is a 422). A
    larger one is queued as a background job (`job_id`) and the request stays open until the job has
    stored the statement in batches and completed it; a refused file fails the job with every refused line.
    Either way the case (and every case whose newest trace reached a card of the statement) is traced again
    by a job of its own after the answer is committed (`retrace_job_id`) — unless `retrace` is False, for a
    caller that answers several requests of one case and traces it once afterwards.
    """
    principal.require(Permission.STATEMENT_IMPORT)
    req = dispatch.open_statement_request(session, principal, request_id)
    name = upload_name(filename)
    if Path(name).suffix.lower() not in (".csv", ".xlsx"):
        raise ValidationFailed(f"{name}: a .csv or .xlsx statement file is needed", field="file")
    running = jobs.active_job(session, ANSWER_JOB_KIND, request_id)
    if running is not None:
        raise Conflict(f"request {request_id}: a statement sent earlier is still being read (job {running})",
                       field="file")
    if len(content) > SYNC_BYTES:
        return _queue_answer(session, principal, req, content, name, retrace)
    parsed = _parse_answer(req, content, name)
    source = _answer_source(principal, request_id, name)
    imported = _import_now(session, principal, source, hashlib.sha256(content).hexdigest(), parsed.transfers,
                           ErrorLog(), parsed.account_names, retrace=False)
    return _complete_answer(session, principal, req, imported, parsed.transfers, name, at, retrace)


def _answer_source(principal: Principal, request_id: int, name: str) -> str:
    return f"{principal.org_code} statement for request {request_id}: {name}"


def _parse_answer(req: RequestOut, content: bytes, name: str) -> ParseResult:
    """The statement's rows if every one answers the request; else a 422 naming each refused line."""
    try:
        parsed = parse_statement_bytes(content, name, _answer_scope(req))
    except StatementFileError as exc:
        raise ValidationFailed(str(exc), field="file") from None
    if parsed.rows_bad:
        errors = [(f"file:{e.line}", f"{e.file}: line {e.line}: {e.reason}") for e in parsed.errors]
        more = f" (and {parsed.errors_omitted} more)" if parsed.errors_omitted else ""
        raise ValidationFailed(f"{name}: {parsed.rows_bad} rows cannot answer request {req.id}{more}; "
                               f"first: line {parsed.errors[0].line}: {parsed.errors[0].reason}",
                               field="file", errors=errors)
    return parsed


def _complete_answer(session: Session, principal: Principal, req: RequestOut, imported: ImportOut,
                     records: Sequence[TransferRecord], name: str, at: datetime | None, retrace: bool
                     ) -> StatementAnswerOut:
    """The stored statement completes the request (audited), and the retrace is queued to run after commit:
    the request's case and every recent case whose newest trace reached a card of the statement."""
    rows = len(records)
    answered = dispatch.do_complete_statement_request(session, principal, req.id, imported.import_id, rows, at)
    retrace_job = None
    if retrace:
        retrace_job = do_queue_retrace(session, principal, dispatch.case_of_request(session, req.id),
                                       {req.account} | {r.from_account for r in records}
                                       | {r.to_account for r in records}, imported.source)
    # the request's completion, as every completed request has one (its outcome: the statement supplied)
    audit.record(session, principal, "request.complete", "request", req.id,
                 {"outcome": "supplied", "import_id": imported.import_id, "rows": rows, "file": name,
                  "retrace_job_id": retrace_job})
    return StatementAnswerOut(request=answered, statement=imported, retrace_job_id=retrace_job)


def _queue_answer(session: Session, principal: Principal, req: RequestOut, content: bytes, name: str,
                  retrace: bool) -> StatementAnswerOut:
    """Queue a large answer: the file is kept with its job, read and stored off the request (202)."""
    source = _answer_source(principal, req.id, name)
    imp = _new_import(principal, source, hashlib.sha256(content).hexdigest(), "queued")
    session.add(imp)
    session.flush()
    job = jobs.do_queue_job(session, principal, ANSWER_JOB_KIND, source, content, subject_id=req.id)
    job.progress = {"import_id": imp.id, "name": name, "retrace": retrace, "records_done": 0, "stored": 0}
    imp.job_id = job.id
    audit.record(session, principal, "request.answer_queued", "request", req.id,
                 {"import_id": imp.id, "bytes": len(content), "file": name, "job_id": job.id})
    return StatementAnswerOut(request=req, statement=_import_out(imp, []), job_id=job.id)


def do_run_answer_job(engine: Engine, job_id: int) -> None:
    """Read a queued answer outside any transaction; refused, fail the job with every refused line; else
    store its rows in batches (resuming after the last one) and complete the request in one last short
    transaction, which queues the retrace."""
    with session_scope(engine) as session:
        job = jobs.find_job(session, job_id)
        if job is None or job.payload is None:
            raise RuntimeError(f"job {job_id} has no input")
        payload, request_id, progress = job.payload, job.subject_id, dict(job.progress)
        principal, imp_id, name = jobs.principal_of(job), int(progress["import_id"]), str(progress["name"])
        done = int(progress.get("records_done", 0))
        try:
            assert request_id is not None
            req = dispatch.open_statement_request(session, principal, request_id)
        except DomainError as exc:
            req, refused = None, exc
    if req is None:
        _fail_answer(engine, job_id, imp_id, principal, request_id, str(refused), [])
        return
    try:
        parsed = _parse_answer(req, payload, name)
    except ValidationFailed as exc:
        lines = [{"file": name, "line": int(field.removeprefix("file:")), "reason": msg.split(": ", 2)[-1]}
                 for field, msg in exc.errors if field and field.removeprefix("file:").isdigit()]
        _fail_answer(engine, job_id, imp_id, principal, request_id, exc.message, lines)
        return
    records = parsed.transfers
    with session_scope(engine) as session:
        job, imp = jobs.job_row(session, job_id), session.get_one(StatementImport, imp_id)
        _set_errors(imp, len(records), ErrorLog())
        imp.state, job.rows_total, job.rows_done, job.heartbeat_at = "running", len(records), done, now()
    for begin in range(done, len(records), BATCH_ROWS):
        _commit_batch(engine, job_id, imp_id, principal, records[begin:begin + BATCH_ROWS], parsed.account_names,
                      0)
    with session_scope(engine) as session:
        job, imp = jobs.job_row(session, job_id), session.get_one(StatementImport, imp_id)
        try:
            req = dispatch.open_statement_request(session, principal, req.id)
        except DomainError as exc:  # the bank refused the request while its statement was being read
            refused = exc
        else:
            imported = _finish_import(session, principal, imp, records, 0)
            out = _complete_answer(session, principal, req, imported, records, name, None,
                                   bool(progress.get("retrace", True)))
            out.job_id = job_id
            job.state, job.result, job.finished_at, job.payload = "done", out.model_dump(mode="json"), now(), None
            job.rows_done = job.rows_total
            return
    _fail_answer(engine, job_id, imp_id, principal, request_id, str(refused), [])


def _fail_answer(engine: Engine, job_id: int, imp_id: int, principal: Principal, request_id: int | None,
                 reason: str, errors: Sequence[dict[str, object]]) -> None:
    """A refused answer fails its job with the reason and the refused lines (file, line, reason); the request
    stays as it was."""
    with session_scope(engine) as session:
        job = jobs.job_row(session, job_id)
        job.errors, job.errors_omitted = list(errors[:MAX_ERRORS]), max(0, len(errors) - MAX_ERRORS)
        imp = session.get(StatementImport, imp_id)
        if imp is not None:
            imp.state = "failed"
        audit.record(session, principal, "request.answer_failed", "request", request_id,
                     {"job_id": job_id, "import_id": imp_id, "reason": reason[:300], "lines": len(errors)})
    jobs.do_fail_job(engine, job_id, reason)


# ---- tracing again after new statements, as a background job -------------------------------------

def do_queue_retrace(session: Session, principal: Principal, case_id: int | None, accounts: set[str],
                     source: str) -> int:
    """Queue tracing again `case_id` and every recent case whose newest trace reached one of `accounts`;
    it runs after the caller's transaction commits, as the platform itself (`system`: which other cases a
    statement reaches is not the supplier's business). Returns the job's id."""
    payload = json.dumps({"case_id": case_id, "accounts": sorted(set(accounts))}).encode()
    job = jobs.do_queue_job(session, SYSTEM, RETRACE_JOB_KIND, source, payload, subject_id=case_id)
    audit.record(session, principal, "case.retrace_queued", "case", case_id,
                 {"job_id": job.id, "source": source[:200]})
    return job.id


def do_run_retrace_job(engine: Engine, job_id: int) -> None:
    """Trace each case again in a transaction of its own (a trace is computed before its one write), with
    the job's progress after each; a case already done is not traced twice when the job is resumed."""
    with session_scope(engine) as session:
        job = jobs.find_job(session, job_id)
        if job is None or job.payload is None:
            raise RuntimeError(f"job {job_id} has no input")
        spec, done = json.loads(job.payload), list(job.progress.get("retraced", []))
        todo = cases_touching(session, set(spec["accounts"]))
        if spec.get("case_id") is not None and spec["case_id"] not in todo:
            todo.append(int(spec["case_id"]))
        job.rows_total = len(todo)
    for case_id in todo:
        if case_id in done:
            continue
        with session_scope(engine) as session:
            traced = do_retrace_case(session, case_id)
            job = jobs.job_row(session, job_id)
            done = [*done, case_id] if traced else done
            job.progress = dict(job.progress) | {"retraced": done, "seen": int(job.progress.get("seen", 0)) + 1}
            job.rows_done, job.heartbeat_at = int(job.progress["seen"]), now()
    with session_scope(engine) as session:
        job = jobs.job_row(session, job_id)
        job.state, job.result, job.finished_at, job.payload = "done", {"retraced_cases": sorted(done)}, now(), None
        job.rows_done = job.rows_total


jobs.register(ANSWER_JOB_KIND, do_run_answer_job)
jobs.register(RETRACE_JOB_KIND, do_run_retrace_job)


def do_retrace_case(session: Session, case_id: int) -> bool:
    """Trace a case again with its newest trace's options (as `system`); False if it was never traced."""
    row = session.scalar(select(CaseTrace).where(CaseTrace.case_id == case_id).order_by(CaseTrace.id.desc())
                         .limit(1))
    if row is None:
        return False
    do_trace_case(session, SYSTEM, case_id, TraceIn.model_validate(row.result.get("options", {})),
               trigger="statements")
    return True


def do_retrace_cases_touching(session: Session, accounts: set[str]) -> list[int]:
    """Re-run the latest trace of every case whose reached cards got new statements; returns the cases.

    The platform does this itself (audited as `system`), whoever brought the statements in.
    """
    touched = _touching(session, accounts)
    for case_id, trace_id in touched:
        options = TraceIn.model_validate(session.get_one(CaseTrace, trace_id).result.get("options", {}))
        do_trace_case(session, SYSTEM, case_id, options, trigger="statements")
    return [case_id for case_id, _ in touched]


def cases_touching(session: Session, accounts: set[str]) -> list[int]:
    """The recent cases whose newest trace reached one of the accounts (read only)."""
    return [case_id for case_id, _ in _touching(session, accounts)]


def _touching(session: Session, accounts: set[str]) -> list[tuple[int, int]]:
    if not accounts:
        return []
    # only the reached cards are read for the look-back: a trace's full result is large to decode
    recent = session.execute(select(CaseTrace.id, CaseTrace.case_id, CaseTrace.accounts)
                             .order_by(CaseTrace.id.desc()).limit(RETRACE_LOOKBACK))
    latest: dict[int, tuple[int, list[str]]] = {}
    for trace_id, case_id, reached in recent:
        latest.setdefault(case_id, (trace_id, reached))
    return sorted((case_id, trace_id) for case_id, (trace_id, reached) in latest.items()
                  if not accounts.isdisjoint(reached))
