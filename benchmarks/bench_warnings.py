"""Benchmark: the warning engine's batch path vs a naive per-event scorer, same data, same run.

Simulates a city (default seed 99, scale 0.02, 30 days — the evaluation run), turns every stream into
time-ordered signals, and replays them with reports teaching the indicator store when filed:

* ``observe_many`` — the engine's batch path (texts scored by the classifier in one call per batch);
* ``observe`` one signal at a time (each text classified on its own);
* both without the text classifier, to show the engine's own cost;
* a naive baseline that keeps every citizen's raw signals of the last 24 hours in dicts and
  recomputes the core rules from them on each signal (same indicators, same model; it has no
  numbers' reach, no marks and no apps' prompting, so its precision on look-alikes is lower: it is
  the speed baseline, and shows what the engine's evidence chains add).

Prints signals per CPU second (one core; wall clock beside it, which other load lowers) and the ratio
to the baseline, then precision, recall and lead time of the engine on the run (definitions in
``antifraud.lab.warnings.evaluate``).

    python benchmarks/bench_warnings.py [--scale 0.02 --days 30 --seed 99 --data DIR --json]
    antifraud simulate --out /tmp/dense99 --seed 99 --preset dense && \
        python benchmarks/bench_warnings.py --data /tmp/dense99      # the small city under siege
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from antifraud.classifier import text_verdicts
from antifraud.lab.warnings.evaluate import Dataset, ReplayResult, load_dataset, metrics
from antifraud.simulation import write_parquet
from antifraud.warnings.engine import InMemoryIndicatorStore, SignalEvent, WarningCandidate, WarningScorer
from antifraud.warnings.features import (
    CONTACT_TO_PAYMENT_S,
    FEATURES,
    LONG_CALL_S,
    SUSPECT_CLASSES,
    WINDOW_S,
    WarningModel,
    decisive_floor,
    domain_of,
    linked_domains,
    phone_class,
    shipped_model,
    talk_value,
)

Step = Callable[[Any, list[SignalEvent]], list[WarningCandidate]]


class NaiveScorer:
    """Baseline: every citizen's raw signals of the last 24 h in dicts, all rules recomputed per signal."""

    def __init__(self, store: InMemoryIndicatorStore, model: WarningModel) -> None:
        self.store, self.model = store, model
        self.history: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.opened: dict[str, tuple[float, WarningCandidate]] = {}

    def observe(self, e: SignalEvent) -> WarningCandidate | None:
        """Append the signal to its citizen's history, rebuild the features, score."""
        t = e.time.timestamp()
        rows = self.history[e.citizen]
        rows.append({"t": t, "kind": e.kind, "cp": e.counterpart or "", "dur": e.duration_s or 0,
                     "amount": e.amount_fen or 0, "text": e.text or "", "extra": dict(e.extra or {}),
                     "score": e.partner_score or 0.0, "id": e.signal_id, "when": e.time})
        rows[:] = [r for r in rows if t - r["t"] <= WINDOW_S]
        f = self._features(rows)
        if not any(f.values()):
            return None
        x = [f[name] for name in FEATURES]
        score = max(self.model.score(x), decisive_floor(x))
        last = self.opened.get(e.citizen)
        if last is not None and t - last[0] <= WINDOW_S:
            self.opened[e.citizen] = (t, last[1])
            return None
        if score < self.model.threshold:
            return None
        warning = WarningCandidate(e.citizen, e.time, score, "other", "normal",
                                   [k for k in FEATURES[:15] if f[k] > 0], [r["id"] for r in rows], e.time)
        self.opened[e.citizen] = (t, warning)
        return warning

    def _features(self, rows: list[dict[str, Any]]) -> dict[str, float]:
        f = dict.fromkeys(FEATURES, 0.0)
        suspects: set[str] = set()
        links: set[str] = set()
        contact_t = -1e18
        payees: set[str] = set()
        kinds: set[str] = set()
        for r in rows:
            kind, cp = r["kind"], r["cp"]
            if kind == "call":
                cls = phone_class(cp)
                ind = self.store.lookup("phone", cp)
                if cls == "service":
                    continue
                if cls in SUSPECT_CLASSES or ind or cp in suspects:
                    suspects.add(cp)
                    contact_t = r["t"]
                    kinds.add("call")
                    f["talk_suspect"] = max(f["talk_suspect"], talk_value(r["dur"]))
                    if ind:
                        f["indicator_contact"] = max(f["indicator_contact"], ind.confidence)
                        if r["dur"] >= LONG_CALL_S:
                            f["indicator_call_long"] = max(f["indicator_call_long"], ind.confidence)
                    if cls in SUSPECT_CLASSES and r["dur"] >= LONG_CALL_S:
                        f["odd_number_call_long"] = 1.0
            elif kind == "sms":
                found = linked_domains(r["text"])
                ind = self.store.lookup("phone", cp)
                if found or ind or phone_class(cp) in SUSPECT_CLASSES:
                    links.update(found)
                    suspects.add(cp)
                    contact_t = r["t"]
                    kinds.add("sms")
                    f["sms_link"] = 1.0 if found else f["sms_link"]
                    if ind:
                        f["indicator_contact"] = max(f["indicator_contact"], ind.confidence)
            elif kind == "visit":
                target = domain_of(cp) if r["extra"].get("kind") == "domain" else cp
                ind = self.store.lookup("domain" if r["extra"].get("kind") == "domain" else "app", target)
                if ind:
                    key = "phishing_visit" if r["extra"].get("kind") == "domain" else "fraud_app"
                    f[key] = max(f[key], ind.confidence)
                    kinds.add("visit")
                if target in links:
                    f["sms_link_opened"] = 1.0
                    kinds.add("visit")
            elif kind == "transfer" and r["extra"].get("direction") != "in":
                ind = self.store.lookup("bank_card", cp)
                if ind:
                    f["flagged_card_transfer"] = max(f["flagged_card_transfer"], ind.confidence)
                    kinds.add("money")
                if cp not in payees and r["t"] - contact_t <= CONTACT_TO_PAYMENT_S:
                    f["odd_number_then_new_payee"] = 1.0
                    kinds.add("money")
                payees.add(cp)
            elif kind == "partner_warning":
                f["partner_warning"] = max(f["partner_warning"], float(r["score"]))
                suspects.add(cp)
                kinds.add("partner")
        f["evidence_kinds"] = len(kinds) / 6.0
        return f


def timed_replay(dataset: Dataset, make: Callable[[InMemoryIndicatorStore], Any], step: Step) -> ReplayResult:
    """Replay with reports filed in time order; time only the scoring (CPU and wall clock)."""
    store = InMemoryIndicatorStore()
    scorer = make(store)
    events, out, seconds, wall, i = dataset.events, [], 0.0, 0.0, 0
    for report in [*dataset.reports, None]:
        j = len(events) if report is None else i
        while report is not None and j < len(events) and events[j].time < report.time:
            j += 1
        began, began_wall = time.process_time(), time.perf_counter()
        out.extend(step(scorer, events[i:j]))
        seconds += time.process_time() - began
        wall += time.perf_counter() - began_wall
        i = j
        if report is not None:
            store.learn_report(report)
    return ReplayResult([w for w in out if w.revision == 0], [w for w in out if w.revision > 0], seconds,
                        len(events), len(store), wall)


def one_by_one(scorer: Any, events: list[SignalEvent]) -> list[WarningCandidate]:
    """Feed signals one at a time."""
    return [c for c in map(scorer.observe, events) if c is not None]


def batch(scorer: WarningScorer, events: list[SignalEvent]) -> list[WarningCandidate]:
    """Feed signals through the batch path."""
    return scorer.observe_many(events)


def best_of(repeat: int, run: Callable[[], ReplayResult]) -> ReplayResult:
    """Run ``repeat`` times; keep the fastest run."""
    results = [run() for _ in range(repeat)]
    return min(results, key=lambda r: r.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--data", type=Path, help="use an existing `antifraud simulate` directory")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model = shipped_model()
    if model is None:
        raise SystemExit("no shipped model: run `antifraud warnings train` first")
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        if args.data is None:
            write_parquet(data, seed=args.seed, scale=args.scale, days=args.days)
        dataset = load_dataset(data)
    runs = {
        "observe_many": best_of(args.repeat, lambda: timed_replay(
            dataset, lambda s: WarningScorer(s, model, text_classifier=text_verdicts), batch)),
        "observe, one by one": best_of(args.repeat, lambda: timed_replay(
            dataset, lambda s: WarningScorer(s, model, text_classifier=text_verdicts), one_by_one)),
        "observe_many, no text classifier": best_of(args.repeat, lambda: timed_replay(
            dataset, lambda s: WarningScorer(s, model, text_classifier=None), batch)),
        "observe, one by one, no text classifier": best_of(args.repeat, lambda: timed_replay(
            dataset, lambda s: WarningScorer(s, model, text_classifier=None), one_by_one)),
        "naive baseline (per-event dict rescoring)": best_of(1, lambda: timed_replay(
            dataset, lambda s: NaiveScorer(s, model), one_by_one)),
    }
    baseline = runs["naive baseline (per-event dict rescoring)"]
    report: dict[str, Any] = {"events": len(dataset.events), "seed": dataset.seed, "scale": dataset.scale,
                              "days": dataset.days, "speed": {}}
    for name, run in runs.items():
        report["speed"][name] = {"signals_per_second": round(run.events / run.seconds),
                                 "signals_per_second_wall": round(run.events / run.wall_seconds),
                                 "cpu_seconds": round(run.seconds, 3),
                                 "x_baseline": round(baseline.seconds / run.seconds, 1)}
    m = metrics(dataset, runs["observe_many"])
    report["metrics"] = {k: m[k] for k in ("precision", "recall", "median_lead_minutes", "precision_targeted",
                                           "recall_engaged", "fraud_type_accuracy", "warnings", "defrauded_targets",
                                           "warned_before_loss", "urgency_counts")}
    b = metrics(dataset, baseline)
    report["baseline_metrics"] = {k: b[k] for k in ("precision", "recall", "median_lead_minutes", "warnings")}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"seed {dataset.seed}, scale {dataset.scale}, {dataset.days} days: {len(dataset.events):,} signals, "
          f"{len(dataset.reports)} reports")
    print(f"  {'':44s} {'per CPU second':>14s} {'per wall second':>16s} {'vs baseline':>12s}")
    for name, row in report["speed"].items():
        print(f"  {name:44s} {row['signals_per_second']:>14,} {row['signals_per_second_wall']:>16,} "
              f"{'×' + format(row['x_baseline'], '.1f'):>12s}")
    mm = report["metrics"]
    print(f"engine:   precision {mm['precision']}  recall {mm['recall']}  median lead {mm['median_lead_minutes']} min  "
          f"({mm['warned_before_loss']}/{mm['defrauded_targets']} warned before loss, {mm['warnings']} warnings; "
          f"type accuracy {mm['fraud_type_accuracy']})")
    bm = report["baseline_metrics"]
    print(f"baseline: precision {bm['precision']}  recall {bm['recall']}  median lead {bm['median_lead_minutes']} min")


if __name__ == "__main__":
    main()
