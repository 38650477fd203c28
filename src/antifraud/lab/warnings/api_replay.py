"""Replay a simulated run through a served platform and score the warnings it raised.

The same stream `antifraud warnings evaluate` feeds the engine in process goes through the API
instead: signals as NDJSON batches (``POST /api/v1/signals``) in time order, each victim's report
filed as a case (``POST /api/v1/cases``) at its place in the stream, and the warnings read back from
the desk (``GET /api/v1/warnings``). Every time stamp is moved by a whole number of days, so the
stream sits days away from the server's clock (a partner's clock off ours, or a history replayed
late); the warnings' times are moved back before they are held against the ground truth with the
same `metrics` as the in-process run, so any difference between the two is the platform's.

A report is filed once every signal before it has been posted, and its identifiers must count for
every signal posted after it, as they do in process (`evaluate.replay`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from antifraud.core.clock import now
from antifraud.lab.warnings.evaluate import Dataset, ReplayResult, ReportRecord
from antifraud.warnings.engine import SignalEvent, WarningCandidate

API = "/api/v1"
BATCH = 200
FALLBACK_VICTIM_PHONE = "+8613857901234"
WARNING_STATUSES = ("new", "claimed", "reached", "unreachable", "escalated", "pushed", "dissuaded", "paid",
                    "closed")
PAGE = 2000  # the desk's largest page
_IDENTIFIER_KINDS = (("phones", "phone"), ("cards", "bank_card"), ("urls", "url"), ("apps", "app"))


def offset_for(dataset: Dataset, shift_days: float, at: datetime | None = None) -> timedelta:
    """The whole-day offset that puts the middle of the run `shift_days` from `at` (the server's now)."""
    middle = dataset.start + (dataset.end - dataset.start) / 2
    target = (at or now()) + timedelta(days=shift_days)
    return timedelta(days=round((target - middle) / timedelta(days=1)))


def signal_id(event: SignalEvent) -> str:
    """A signal's id as sent: a call's phases and a transfer's two sides are separate signals."""
    extra = event.extra or {}
    if event.kind == "call" and extra.get("phase"):
        return f"{event.signal_id}:{extra['phase']}:{event.duration_s or 0}"
    if event.kind == "transfer" and extra.get("direction"):
        return f"{event.signal_id}:{extra['direction']}"
    return event.signal_id


def signal_line(event: SignalEvent, offset: timedelta) -> dict[str, Any]:
    """One engine event as a `SignalIn` line, its time moved by `offset`.

    The details the scorer reads from ``extra`` go in the fields the platform stores them from
    (`antifraud.warnings.service._extra`): direction, phase, the kind of a visit (as `target_kind`),
    IP, channel and the fraud type a partner names. A partner warning's own kind (``fraud_sms``,
    ``suspicious_transfer`` …) has no field, so the served scorer guesses the kind of its counterpart
    from the value.
    """
    extra = event.extra or {}
    line: dict[str, Any] = {"signal_id": signal_id(event), "kind": event.kind,
                            "time": (event.time + offset).isoformat(), "citizen": event.citizen}
    if event.counterpart:
        line["counterpart"] = event.counterpart
    if event.amount_fen is not None:
        line["amount"] = str(Decimal(event.amount_fen) / 100)
    if event.duration_s is not None:
        line["duration_s"] = event.duration_s
    if event.text is not None:
        line["text"] = event.text
    if event.partner_score is not None:
        line["partner_score"] = round(float(event.partner_score), 6)
    for key in ("direction", "phase", "ip", "channel", "fraud_type"):
        if extra.get(key):
            line[key] = extra[key]
    if event.kind == "visit" and extra.get("kind") in ("domain", "app"):
        line["target_kind"] = extra["kind"]
    return line


def case_body(report: ReportRecord, offset: timedelta, at: datetime | None = None) -> dict[str, Any]:
    """A minimal valid intake for a report: its victim, type, loss, time and suspect identifiers.

    The fraud cannot have happened after the report is taken (the server's now), so with the stream
    ahead of the server's clock `occurred_at` is held at now.
    """
    occurred = min(report.time + offset, (at or now()) - timedelta(seconds=1))
    phone = getattr(report, "victim_phone", None) or getattr(report, "citizen", None) or FALLBACK_VICTIM_PHONE
    loss = Decimal(getattr(report, "loss_fen", 0) or 0) / 100
    identifiers = [{"kind": kind, "value": value, "role": "suspect"}
                   for attr, kind in _IDENTIFIER_KINDS for value in getattr(report, attr, ()) or ()]
    return {"victim": {"name": f"报案人{report.report_id[-6:]}", "phone": phone},
            "fraud_type": report.fraud_type, "loss_amount": str(loss.quantize(Decimal("0.01"))),
            "occurred_at": occurred.isoformat(), "narrative": f"simulated report {report.report_id}",
            "identifiers": identifiers}


@dataclass
class ServedRun:
    """What the platform answered while the stream went through it."""

    offset: timedelta
    result: ReplayResult
    posted: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    cases: int = 0
    case_ids: list[int] = field(default_factory=list)
    cases_refused: list[str] = field(default_factory=list)
    identifiers_dropped: int = 0
    warnings_created: int = 0
    warnings_updated: int = 0
    incomplete_read: bool = False


def _batches(dataset: Dataset, size: int) -> Iterator[tuple[list[SignalEvent], ReportRecord | None]]:
    """Signals in time order, cut at each report (filed after every signal before it) and every `size`."""
    events, i = dataset.events, 0
    for report in [*dataset.reports, None]:
        end = len(events)
        if report is not None:
            end = i
            while end < len(events) and events[end].time < report.time:
                end += 1
        for start in range(i, end, size):
            yield events[start:min(end, start + size)], None
        i = end
        if report is not None:
            yield [], report


def post_stream(client: httpx.Client, feeder: dict[str, str], clerk: dict[str, str], dataset: Dataset,
                offset: timedelta, batch: int = BATCH) -> ServedRun:
    """Post the signals and file the reports of a run, in stream order; returns the counts."""
    run = ServedRun(offset, ReplayResult([], [], 0.0, 0, 0))
    began = time.perf_counter()
    for events, report in _batches(dataset, batch):
        if report is not None:
            _file(client, clerk, report, offset, run)
            continue
        body = "\n".join(json.dumps(signal_line(e, offset), ensure_ascii=False) for e in events) + "\n"
        r = client.post(f"{API}/signals", headers=feeder, content=body.encode())
        r.raise_for_status()
        out = r.json()
        run.posted += len(events)
        run.accepted += out["accepted"]
        run.duplicates += out["duplicates"]
        run.rejected += [f"{events[x['line'] - 1].signal_id}: {x['field']} {x['reason']}" for x in out["rejected"]]
        run.warnings_created += out["warnings_created"]
        run.warnings_updated += out["warnings_updated"]
    run.result.wall_seconds = run.result.seconds = time.perf_counter() - began
    run.result.events = run.posted
    return run


def _file(client: httpx.Client, clerk: dict[str, str], report: ReportRecord, offset: timedelta,
          run: ServedRun) -> None:
    """File a report; identifiers intake refuses (a malformed number, card …) are left out and it is filed again."""
    body = case_body(report, offset)
    r = client.post(f"{API}/cases", headers=clerk, json=body)
    if r.status_code == 422:
        bad = {int(d["field"].split(".")[1]) for d in r.json().get("detail", [])
               if d.get("field", "").startswith("identifiers.")}
        if bad:
            run.identifiers_dropped += len(bad)
            body["identifiers"] = [x for i, x in enumerate(body["identifiers"]) if i not in bad]
            r = client.post(f"{API}/cases", headers=clerk, json=body)
    if r.status_code != 201:
        run.cases_refused.append(f"{report.report_id}: {r.status_code} {r.text[:200]}")
        return
    run.cases += 1
    run.case_ids.append(int(r.json()["id"]))
    run.result.indicators += len(body["identifiers"])


def read_warnings(client: httpx.Client, desk: dict[str, str], statuses: Sequence[str] = WARNING_STATUSES
                  ) -> tuple[list[dict[str, Any]], bool]:
    """Every warning the desk sees, one status at a time (the desk's page holds at most `PAGE`);
    returns them and whether some status filled a whole page (so more may exist)."""
    found: dict[int, dict[str, Any]] = {}
    full = False
    for status in statuses:
        r = client.get(f"{API}/warnings", headers=desk, params={"status": status, "limit": PAGE})
        r.raise_for_status()
        page = r.json()
        full = full or len(page) >= PAGE
        found.update((w["id"], w) for w in page)
    return sorted(found.values(), key=lambda w: w["id"]), full


def as_candidates(warnings: Iterable[dict[str, Any]], offset: timedelta) -> list[WarningCandidate]:
    """Served warnings as the candidates `metrics` scores, on the stream's own clock again."""
    out = []
    for w in warnings:
        if w.get("origin", "local") != "local":
            continue
        opened = datetime.fromisoformat(w["first_signal_at"]) - offset
        out.append(WarningCandidate(citizen=w["citizen"], time=opened, score=w["score"], fraud_type=w["fraud_type"],
                                    urgency=w["urgency"], reasons=list(w["reasons"]), signal_ids=[],
                                    opened_at=opened))
    return out


def replay_served(client: httpx.Client, feeder: dict[str, str], clerk: dict[str, str], desk: dict[str, str],
                  dataset: Dataset, shift_days: float, batch: int = BATCH) -> ServedRun:
    """Post a run `shift_days` from the server's clock, read the warnings back; `run.result` is for `metrics`.

    `feeder` may send signals, `clerk` file cases and `desk` read every desk's warnings (a city
    center user). Warnings that were there before are left out; cases filed before should name
    none of the run's identifiers.
    """
    offset = offset_for(dataset, shift_days)
    earlier = {w["id"] for w in read_warnings(client, desk)[0]}
    run = post_stream(client, feeder, clerk, dataset, offset, batch)
    warnings, run.incomplete_read = read_warnings(client, desk)
    run.result.warnings = as_candidates([w for w in warnings if w["id"] not in earlier], offset)
    return run


COMPARED = ("precision", "recall", "fraud_type_accuracy", "warnings", "true_warnings", "recall_engaged",
            "precision_targeted", "median_lead_minutes", "warned_before_loss", "defrauded_targets",
            "false_warnings_per_10k_innocent", "false_per_10k_innocent", "signals_per_second")


def side_by_side(served: dict[str, Any], in_process: dict[str, Any]) -> str:
    """The figures of both runs as a small table (served signals/s are end to end, through HTTP)."""
    keys = [k for k in COMPARED if k in served or k in in_process]
    rows = [f"{'':34}{'served':>14}{'in process':>14}"]
    for k in keys:
        a, b = served.get(k), in_process.get(k)
        mark = "" if a == b or k == "signals_per_second" else "  ≠"
        rows.append(f"{k:34}{_fmt(a):>14}{_fmt(b):>14}{mark}")
    return "\n".join(rows)


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}"
    return f"{value:,}" if isinstance(value, int) else str(value)
