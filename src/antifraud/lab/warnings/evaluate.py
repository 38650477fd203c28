"""Evaluate the warning engine on a simulated dataset: replay every stream in time order, score, compare.

The replay merges calls, texts, transfers, visits and partners' warnings by time; victims' reports
teach the indicator store at the moment they are filed, so an identifier is only known after the report
that reveals it. Metrics, against the simulator's ground truth (``truth/``):

* ``precision`` — share of warnings (one per citizen per open window) raised on a citizen who was then
  an engaged target (dissuaded or defrauded): the warning falls between the episode's first contact
  (less 5 minutes) and an hour after its last event. Warnings on citizens who only ignored a contact
  count as false (``precision_targeted`` counts them as true).
* ``recall`` — share of defrauded targets whose episode began inside the window and who were warned
  before their first payment to the fraudsters (strictly before the first loss).
* ``recall_engaged`` — share of engaged targets (dissuaded or defrauded) warned during their episode.
* ``fraud_type_accuracy`` — share of true warnings whose fraud type, as last revised while the evidence
  grew (what the desk sees), is the episode's.
* ``false_warnings_per_10k_innocent`` — citizens warned who were never engaged, per 10,000 such citizens
  seen in the stream.
* ``median_lead_minutes`` — median time from the warning to the first loss, over the warned-in-time.
* ``signals_per_second`` — events through ``WarningScorer.observe_many`` per CPU second of scoring (one
  core; ``signals_per_second_wall`` per second of wall-clock time, which other load on the machine lowers).

Inputs the engine would not have in life are left out: the simulator's own earlier warnings (signals
whose ground-truth role is ``warning``: they stand for the center's warning, the very thing scored
here) and nothing else from ``truth/``. Calls from the center's dissuasion line stay in the stream;
the engine ignores service numbers.
"""

from __future__ import annotations

import json
import statistics
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq
import typer

from antifraud.classifier import model_fingerprint, text_verdicts
from antifraud.warnings.engine import InMemoryIndicatorStore, SignalEvent, WarningCandidate, WarningScorer
from antifraud.warnings.features import CALL_CHECKPOINTS_S, WarningModel, shipped_model

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MATCH_BEFORE = timedelta(minutes=5)
MATCH_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class ReportRecord:
    """The part of a victim's report that teaches indicators."""

    report_id: str
    time: datetime
    fraud_type: str
    phones: tuple[str, ...]
    cards: tuple[str, ...]
    urls: tuple[str, ...]
    apps: tuple[str, ...]


@dataclass(frozen=True)
class Episode:
    """One target from the ground truth, with the first loss when there was one."""

    episode_id: str
    phone: str
    fraud_type: str
    outcome: str  # ignored | dissuaded | defrauded
    start: datetime
    last_event: datetime
    first_loss: datetime | None


@dataclass
class Dataset:
    """A simulated run as the engine's input (events, reports) and the truth to score it against."""

    seed: int
    scale: float
    days: int
    start: datetime
    end: datetime
    events: list[SignalEvent]
    reports: list[ReportRecord]
    episodes: list[Episode] = field(default_factory=list)


def _ts(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def _ms(column: Any) -> list[int]:
    values: list[int] = pc.cast(column, "int64").to_pylist()
    return values


SIGHT = {"full": (1.0, 1.0, 1.0), "partial": (0.55, 0.55, 0.8)}
"""Shares of citizens whose calls and texts, transfers, and site and app visits the center sees: in
``partial`` sight a carrier sees one citizen's calls, a bank another's transfers, and most citizens
are seen by only one of them (the figures are drawn per citizen, independently, from its number)."""


def sighted(events: list[SignalEvent], sight: str) -> list[SignalEvent]:
    """Keep the events the center would see under ``sight`` (see ``SIGHT``); partners' warnings always."""
    calls, money, web = SIGHT[sight]
    if (calls, money, web) == (1.0, 1.0, 1.0):
        return events
    share = {"call": (calls, 0), "sms": (calls, 0), "transfer": (money, 1), "visit": (web, 2)}
    kept = []
    for e in events:
        rule = share.get(e.kind)
        if rule is None:
            kept.append(e)
            continue
        h = zlib.crc32(f"{e.citizen}:{rule[1]}".encode())
        if (h % 10_000) / 10_000 < rule[0]:
            kept.append(e)
    return kept


def load_dataset(data_dir: Path | str, include_center_warnings: bool = False, sight: str = "full") -> Dataset:
    """Read a directory written by ``antifraud simulate`` into time-ordered engine events and truth,
    as the center would see them under ``sight`` (``full`` or ``partial``, see ``SIGHT``)."""
    root = Path(data_dir)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    start = datetime.fromisoformat(manifest["start"])
    rows: list[tuple[int, int, SignalEvent]] = []
    _calls(root, rows)
    _sms(root, rows)
    _visits(root, rows)
    _transfers(root, rows)
    _signals(root, rows, include_center_warnings)
    rows.sort(key=lambda r: (r[0], r[1]))
    return Dataset(int(manifest["seed"]), float(manifest["scale"]), int(manifest["days"]), start,
                   start + timedelta(days=int(manifest["days"])), sighted([r[2] for r in rows], sight),
                   _reports(root), _episodes(root))


def _calls(root: Path, rows: list[tuple[int, int, SignalEvent]]) -> None:
    """A call becomes up to five events: start, still going at each checkpoint, end (as a carrier sees it)."""
    t = pq.read_table(root / "calls.parquet")
    for call_id, ms, caller, callee, dur in zip(t["call_id"].to_pylist(), _ms(t["start"]), t["caller"].to_pylist(),
                                                t["callee"].to_pylist(), t["duration_s"].to_pylist(), strict=True):
        if not dur:
            rows.append((ms, len(rows), SignalEvent(call_id, _ts(ms), "call", callee, caller, 0)))
            continue
        rows.append((ms, len(rows), SignalEvent(call_id, _ts(ms), "call", callee, caller, 0, extra={"phase": "start"})))
        for mark in CALL_CHECKPOINTS_S:
            if dur > mark:
                at = ms + mark * 1000
                rows.append((at, len(rows), SignalEvent(call_id, _ts(at), "call", callee, caller, mark,
                                                        extra={"phase": "progress"})))
        end = ms + dur * 1000
        rows.append((end, len(rows), SignalEvent(call_id, _ts(end), "call", callee, caller, dur, extra={"phase": "end"})))


def _sms(root: Path, rows: list[tuple[int, int, SignalEvent]]) -> None:
    t = pq.read_table(root / "sms.parquet")
    for sms_id, ms, sender, receiver, text in zip(t["sms_id"].to_pylist(), _ms(t["time"]), t["sender"].to_pylist(),
                                                  t["receiver"].to_pylist(), t["text"].to_pylist(), strict=True):
        rows.append((ms, len(rows), SignalEvent(sms_id, _ts(ms), "sms", receiver, sender, text=text)))


def _visits(root: Path, rows: list[tuple[int, int, SignalEvent]]) -> None:
    t = pq.read_table(root / "visits.parquet")
    for visit_id, ms, phone, target, kind, ip in zip(t["visit_id"].to_pylist(), _ms(t["time"]), t["phone"].to_pylist(),
                                                     t["target"].to_pylist(), t["kind"].to_pylist(),
                                                     t["ip"].to_pylist(), strict=True):
        extra = {"kind": kind, "ip": ip} if ip else {"kind": kind}
        rows.append((ms, len(rows), SignalEvent(visit_id, _ts(ms), "visit", phone, target, extra=extra)))


def _transfers(root: Path, rows: list[tuple[int, int, SignalEvent]]) -> None:
    """A transfer is an event for the paying resident (out) and for the receiving resident (in)."""
    citizens = pq.read_table(root / "city" / "citizens.parquet", columns=["phone", "card"])
    phone_of = dict(zip(citizens["card"].to_pylist(), citizens["phone"].to_pylist(), strict=True))
    t = pq.read_table(root / "transfers.parquet")
    for txn, ms, src, dst, amount, channel in zip(t["txn_id"].to_pylist(), _ms(t["time"]),
                                                  t["from_account"].to_pylist(), t["to_account"].to_pylist(),
                                                  t["amount_fen"].to_pylist(), t["channel"].to_pylist(), strict=True):
        payer = phone_of.get(src)
        if payer is not None:
            rows.append((ms, len(rows), SignalEvent(txn, _ts(ms), "transfer", payer, dst, amount_fen=amount,
                                                    extra={"direction": "out", "channel": channel})))
        payee = phone_of.get(dst)
        if payee is not None:
            rows.append((ms, len(rows), SignalEvent(txn, _ts(ms), "transfer", payee, src, amount_fen=amount,
                                                    extra={"direction": "in", "channel": channel})))


def _signals(root: Path, rows: list[tuple[int, int, SignalEvent]], include_center_warnings: bool) -> None:
    t = pq.read_table(root / "signals.parquet")
    skip: set[str] = set()
    if not include_center_warnings:
        labels = pq.read_table(root / "truth" / "labels.parquet", columns=["stream", "event_id", "role"])
        skip = {e for s, e, r in zip(labels["stream"].to_pylist(), labels["event_id"].to_pylist(),
                                     labels["role"].to_pylist(), strict=True) if s == "signals" and r == "warning"}
    for sid, ms, kind, phone, counterpart, score in zip(t["signal_id"].to_pylist(), _ms(t["time"]),
                                                        t["kind"].to_pylist(), t["phone"].to_pylist(),
                                                        t["counterpart"].to_pylist(), t["score"].to_pylist(), strict=True):
        if sid in skip:
            continue
        rows.append((ms, len(rows), SignalEvent(sid, _ts(ms), "partner_warning", phone, counterpart or "",
                                                partner_score=score, extra={"kind": kind})))


def _reports(root: Path) -> list[ReportRecord]:
    t = pq.read_table(root / "reports.parquet", columns=["report_id", "time", "fraud_type", "phones", "cards",
                                                          "urls", "apps"])
    out = [ReportRecord(rid, _ts(ms), ft, tuple(ph or ()), tuple(ca or ()), tuple(ur or ()), tuple(ap or ()))
           for rid, ms, ft, ph, ca, ur, ap in zip(
               t["report_id"].to_pylist(), _ms(t["time"]), t["fraud_type"].to_pylist(), t["phones"].to_pylist(),
               t["cards"].to_pylist(), t["urls"].to_pylist(), t["apps"].to_pylist(), strict=True)]
    return sorted(out, key=lambda r: (r.time, r.report_id))


def _episodes(root: Path) -> list[Episode]:
    """Targets from the ground truth, each with the time of its first payment to the fraudsters."""
    labels = pq.read_table(root / "truth" / "labels.parquet", columns=["stream", "event_id", "episode_id", "role"])
    pay = {e: ep for s, e, ep, r in zip(labels["stream"].to_pylist(), labels["event_id"].to_pylist(),
                                        labels["episode_id"].to_pylist(), labels["role"].to_pylist(), strict=True)
           if s == "transfers" and r == "victim_payment"}
    first: dict[str, int] = {}
    tr = pq.read_table(root / "transfers.parquet", columns=["txn_id", "time"])
    for txn, ms in zip(tr["txn_id"].to_pylist(), _ms(tr["time"]), strict=True):
        ep = pay.get(txn)
        if ep is not None and (ep not in first or ms < first[ep]):
            first[ep] = ms
    t = pq.read_table(root / "truth" / "targets.parquet")
    out = []
    for ep, phone, ft, outcome, start, last in zip(
            t["episode_id"].to_pylist(), t["phone"].to_pylist(), t["fraud_type"].to_pylist(),
            t["outcome"].to_pylist(), _ms(t["start"]), _ms(t["last_event"]), strict=True):
        loss = first.get(ep)
        out.append(Episode(ep, phone, ft, outcome, _ts(start), _ts(last), _ts(loss) if loss is not None else None))
    return out


# --- replay ---------------------------------------------------------------------------------------------
@dataclass
class ReplayResult:
    """Warnings raised (revision 0) and updated, with the scoring time (CPU seconds of this process)."""

    warnings: list[WarningCandidate]
    updates: list[WarningCandidate]
    seconds: float
    events: int
    indicators: int
    wall_seconds: float = 0.0


def replay(dataset: Dataset, make_scorer: Callable[[InMemoryIndicatorStore], WarningScorer]) -> ReplayResult:
    """Feed the events in time order; each report teaches the store when it is filed (no look-ahead)."""
    store = InMemoryIndicatorStore()
    scorer = make_scorer(store)
    events, reports = dataset.events, dataset.reports
    out: list[WarningCandidate] = []
    seconds = wall = 0.0
    i = 0
    for report in [*reports, None]:
        j = i
        if report is None:
            j = len(events)
        else:
            while j < len(events) and events[j].time < report.time:
                j += 1
        if j > i:
            began, began_wall = time.process_time(), time.perf_counter()
            out.extend(scorer.observe_many(events[i:j]))
            seconds += time.process_time() - began
            wall += time.perf_counter() - began_wall
            i = j
        if report is not None:
            store.learn_report(report)
    return ReplayResult([w for w in out if w.revision == 0], [w for w in out if w.revision > 0], seconds,
                        len(events), len(store), wall)


# --- metrics --------------------------------------------------------------------------------------------
def metrics(dataset: Dataset, result: ReplayResult) -> dict[str, Any]:
    """Compare warnings with the ground truth (see the module docstring for the definitions)."""
    by_phone: dict[str, list[Episode]] = defaultdict(list)
    for ep in dataset.episodes:
        by_phone[ep.phone].append(ep)
    engaged_hits = targeted_hits = type_hits = 0
    latest = {(w.citizen, w.opened_at): w.fraud_type for w in sorted(result.warnings + result.updates,
                                                                     key=lambda w: w.revision)}
    for w in result.warnings:
        eps = [ep for ep in by_phone.get(w.citizen, ()) if _within(w.opened_at, ep)]
        engaged = [ep for ep in eps if ep.outcome != "ignored"]
        engaged_hits += bool(engaged)
        targeted_hits += bool(eps)
        type_hits += any(ep.fraud_type == latest[(w.citizen, w.opened_at)] for ep in engaged)
    warned: dict[str, list[datetime]] = defaultdict(list)
    for w in result.warnings:
        warned[w.citizen].append(w.opened_at)
    defrauded = [ep for ep in dataset.episodes if ep.outcome == "defrauded" and ep.start >= dataset.start
                 and ep.first_loss is not None and ep.first_loss < dataset.end]
    leads = []
    for ep in defrauded:
        loss = ep.first_loss
        assert loss is not None
        before = [t for t in warned.get(ep.phone, ()) if ep.start - MATCH_BEFORE <= t < loss]
        if before:
            leads.append((loss - min(before)).total_seconds() / 60.0)
    engaged_eps = [ep for ep in dataset.episodes if ep.outcome != "ignored" and ep.start >= dataset.start]
    engaged_warned = sum(any(_within(t, ep) for t in warned.get(ep.phone, ())) for ep in engaged_eps)
    n = len(result.warnings)
    engaged_phones = {ep.phone for ep in dataset.episodes if ep.outcome != "ignored"}
    innocents = len({e.citizen for e in dataset.events} - engaged_phones)
    false_citizens = len({w.citizen for w in result.warnings if w.citizen not in engaged_phones})
    urgencies: dict[str, int] = defaultdict(int)
    for w in result.warnings + result.updates:
        urgencies[w.urgency] += 1
    return {
        "precision": _ratio(engaged_hits, n), "recall": _ratio(len(leads), len(defrauded)),
        "median_lead_minutes": round(statistics.median(leads), 1) if leads else None,
        "signals_per_second": round(result.events / result.seconds) if result.seconds > 0 else None,
        "signals_per_second_wall": round(result.events / result.wall_seconds) if result.wall_seconds > 0 else None,
        "precision_targeted": _ratio(targeted_hits, n), "recall_engaged": _ratio(engaged_warned, len(engaged_eps)),
        "fraud_type_accuracy": _ratio(type_hits, engaged_hits),
        "false_warnings_per_10k_innocent": round(1e4 * false_citizens / innocents, 1) if innocents else None,
        "innocent_citizens_seen": innocents,
        "warnings": n, "true_warnings": engaged_hits, "updates": len(result.updates),
        "defrauded_targets": len(defrauded), "warned_before_loss": len(leads),
        "engaged_targets": len(engaged_eps), "urgency_counts": dict(sorted(urgencies.items())),
        "events": result.events, "scoring_seconds": round(result.seconds, 3), "indicators_learned": result.indicators,
        "seed": dataset.seed, "scale": dataset.scale, "days": dataset.days,
    }


def _within(t: datetime, ep: Episode) -> bool:
    return ep.start - MATCH_BEFORE <= t <= ep.last_event + MATCH_AFTER


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(data_dir: Path | str, model: WarningModel | None = None, *, rules_only: bool = False,
             threshold: float | None = None, include_center_warnings: bool = False,
             learn_from_partners: bool = False, quiet: bool = True, sight: str = "full") -> dict[str, Any]:
    """Replay a simulated dataset through the engine and return precision, recall, lead time and speed."""
    dataset = load_dataset(data_dir, include_center_warnings, sight)
    chosen = None if rules_only else (model or shipped_model())
    _refuse_training_data(chosen, dataset)
    result = replay(dataset, lambda store: _warm(WarningScorer(store, chosen, threshold, rules_only=rules_only,
                                                               learn_from_partners=learn_from_partners,
                                                               text_classifier=text_verdicts)))
    out = metrics(dataset, result)
    out["sight"] = sight
    out["model"] = "rules only" if chosen is None else json.loads(chosen.meta).get("name", "trained")
    if chosen is not None and json.loads(chosen.meta).get("text_classifier") != model_fingerprint():
        out["warning"] = "the text classifier changed since the model was trained: run `antifraud warnings train`"
    if not quiet:
        typer.echo(format_metrics(out))
    return out


def _warm(scorer: WarningScorer) -> WarningScorer:
    """Load the text classifier before the clock starts: start-up is not throughput."""
    if scorer.text_classifier is not None:
        scorer.text_classifier(["您好"])
    return scorer


def _refuse_training_data(model: WarningModel | None, dataset: Dataset) -> None:
    """A model must not be evaluated on a run it was trained on."""
    if model is None:
        return
    meta = json.loads(model.meta)
    if dataset.seed in meta.get("seeds", []):
        raise ValueError(f"the model was trained on seed {dataset.seed}; evaluate on another seed")


def format_metrics(m: dict[str, Any]) -> str:
    """Return the metrics as a few readable lines."""
    notes = [m["warning"]] if "warning" in m else []
    return "\n".join([
        *notes,
        f"dataset: seed {m['seed']}, scale {m['scale']}, {m['days']} days; {m['events']:,} events; model: {m['model']}",
        f"precision {m['precision']}  recall {m['recall']}  median lead {m['median_lead_minutes']} min  "
        f"{m['signals_per_second']:,} signals/s" if m["signals_per_second"] else f"precision {m['precision']}",
        (f"warnings {m['warnings']} (true {m['true_warnings']}), updates {m['updates']}; "
         f"defrauded {m['defrauded_targets']}, warned before loss {m['warned_before_loss']}; "
         f"engaged recall {m['recall_engaged']}; type accuracy {m['fraud_type_accuracy']}; "
         f"false warnings per 10,000 innocent citizens {m['false_warnings_per_10k_innocent']}; "
         f"urgency {m['urgency_counts']}"),
    ])
