"""Train the warning model on the simulator's ground truth (seeds other than the evaluation's).

For each training seed a city is simulated and replayed through the engine exactly as in evaluation
(reports teach indicators when filed). At every moment the engine assesses a citizen, the feature
vector is kept with a label from the ground truth: 1 while the citizen is an engaged target (between
the episode's first contact and its last event), 0 otherwise — citizens who ignored a contact included.
Ground truth only labels; no truth column is a feature.

A logistic regression (each target and each innocent citizen weighted as one, whatever their number
of signals) gives the score; a multinomial one on the positives gives the fraud-type head. The alert
threshold is chosen out of fold: for each seed, a model fitted on the other seeds scores it, and the
threshold is the lowest whose pooled warning precision reaches ``TARGET_PRECISION``. The model ships
as plain arrays in ``model/warning_model.npz``.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from antifraud.classifier import model_fingerprint, text_verdicts
from antifraud.core.vocab import FRAUD_TYPES
from antifraud.lab.warnings.evaluate import Dataset, ReplayResult, load_dataset, metrics, replay
from antifraud.warnings.engine import SignalEvent, WarningCandidate, WarningScorer
from antifraud.warnings.features import (
    CONTEXT_ONLY,
    FEATURES,
    WarningModel,
    corroborated,
    decisive_floor,
    shipped_model_path,
)

TRAIN_SEEDS = (1, 2, 3)
TRAIN_SCALE = 0.02
TRAIN_DAYS = 60
TARGET_PRECISION = 0.9
HIGH_SCORE = 0.9  # from this score (or once money moves after a suspect contact) a warning is `high`
C = 1.0
THRESHOLDS = tuple(round(x, 3) for x in np.arange(0.30, 0.96, 0.01))


@dataclass
class Snapshots:
    """Every assessment of one dataset: features, label, group (target or citizen) and session."""

    dataset: Dataset
    x: np.ndarray
    y: np.ndarray
    group: list[str]
    fraud_type: list[str]
    citizen: list[str]
    time: list[datetime]
    session: list[float]
    evidence: np.ndarray  # the evidence's fraud-type shares at each assessment (features.type_evidence)


def simulate_dataset(seed: int, scale: float, days: int, workdir: Path, dense: bool = False) -> Dataset:
    """Simulate one city to Parquet under ``workdir`` and load it for replay: the calibrated city in full
    sight, or (``dense``) the small city under siege (``SimulationConfig.dense``) in partial sight."""
    from antifraud.simulation import SimulationConfig, write_parquet
    from antifraud.simulation.config import DENSE_DAYS, DENSE_SCALE

    out = workdir / f"seed{seed}{'-dense' if dense else ''}"
    if dense:
        write_parquet(out, seed=seed, scale=DENSE_SCALE, days=DENSE_DAYS, config=SimulationConfig.dense())
        return load_dataset(out, sight="partial")
    write_parquet(out, seed=seed, scale=scale, days=days)
    return load_dataset(out)


def collect(dataset: Dataset) -> Snapshots:
    """Replay a dataset with the rules alone and keep every assessment with its ground-truth label."""
    rows: list[tuple[SignalEvent, list[float], float]] = []
    replay(dataset, lambda store: WarningScorer(store, rules_only=True, text_classifier=text_verdicts,
                                                trace=lambda e, x, first: rows.append((e, x, first))))
    engaged: dict[str, list[Any]] = defaultdict(list)
    for ep in dataset.episodes:
        if ep.outcome != "ignored":
            engaged[ep.phone].append(ep)
    y, group, types = [], [], []
    for e, _, _ in rows:
        hit = next((ep for ep in engaged.get(e.citizen, ()) if ep.start <= e.time <= ep.last_event), None)
        y.append(1 if hit else 0)
        group.append(hit.episode_id if hit else f"{dataset.seed}:{e.citizen}")
        types.append(hit.fraud_type if hit else "")
    full = np.array([r[1] for r in rows], dtype=np.float64).reshape(len(rows), len(FEATURES) + len(FRAUD_TYPES))
    return Snapshots(dataset, full[:, :len(FEATURES)], np.array(y, dtype=np.int8),
                     [f"{dataset.seed}:{g}" for g in group], types, [r[0].citizen for r in rows],
                     [r[0].time for r in rows], [r[2] for r in rows], full[:, len(FEATURES):])


def _weights(groups: Sequence[str]) -> np.ndarray:
    """Weight each snapshot so every target and every innocent citizen counts once."""
    counts: dict[str, int] = defaultdict(int)
    for g in groups:
        counts[g] += 1
    return np.array([1.0 / counts[g] for g in groups])


def fit(parts: Sequence[Snapshots], threshold: float = 0.5, high: float = 0.9, meta: str = "{}") -> WarningModel:
    """Fit the score and the fraud-type head on the snapshots of some datasets."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([p.x for p in parts])
    y = np.concatenate([p.y for p in parts])
    groups = [g for p in parts for g in p.group]
    w = _weights(groups)
    w[y == 1] *= w[y == 0].sum() / max(w[y == 1].sum(), 1e-9)  # balance the classes
    coef, intercept = fit_monotone(x, y, w, C)
    pos = y == 1
    types = np.array([t for p in parts for t in p.fraud_type])[pos]
    classes: tuple[str, ...] = ()
    type_coef: tuple[tuple[float, ...], ...] = ()
    type_intercept: tuple[float, ...] = ()
    if len(set(types)) > 1:
        # The type head reads the features and the evidence's type shares, so it learns when a text's or
        # a reported number's type is to be trusted and when the pattern of calls, apps and money says more.
        xt = np.hstack([x, np.vstack([p.evidence for p in parts])])
        head = LogisticRegression(C=C, max_iter=3000).fit(xt[pos], types, sample_weight=_weights(
            [g for g, p in zip(groups, pos, strict=True) if p]))
        classes = tuple(str(c) for c in head.classes_)
        type_coef = tuple(tuple(float(v) for v in row) for row in head.coef_)
        type_intercept = tuple(float(v) for v in head.intercept_)
    return WarningModel(FEATURES, tuple(float(v) for v in coef), intercept, threshold, high, classes, type_coef,
                        type_intercept, meta)


def fit_monotone(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression with every feature weight ≥ 0: more evidence never lowers a score.

    Context-only rules (``Rule.context_only``) keep a weight of 0."""
    from scipy.optimize import minimize

    k = x.shape[1]
    sign = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = sign * (x @ theta[:k] + theta[k])
        log_term = np.logaddexp(0.0, -z)
        grad_z = -w * sign * np.exp(-np.logaddexp(0.0, z))
        grad = np.empty(k + 1)
        grad[:k] = c * (x.T @ grad_z) + theta[:k]
        grad[k] = c * grad_z.sum()
        return float(c * (w * log_term).sum() + 0.5 * theta[:k] @ theta[:k]), grad

    bounds: list[tuple[float | None, float | None]] = [(0.0, None)] * k + [(None, None)]
    for i in CONTEXT_ONLY:
        bounds[i] = (0.0, 0.0)
    found = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                     options={"maxiter": 5000, "gtol": 1e-9})
    return found.x[:k], float(found.x[k])


def _scores(model: WarningModel, snaps: Snapshots) -> np.ndarray:
    """The score each assessment would open a warning with (0 where the evidence is not corroborated)."""
    return np.array([max(model.score(x), decisive_floor(x)) if corroborated(x) else 0.0
                     for x in (list(row) for row in snaps.x)])


def warnings_at(snaps: Snapshots, scores: np.ndarray, threshold: float) -> ReplayResult:
    """The warnings the scorer would raise at ``threshold``: the first assessment over it in each session."""
    opened: dict[tuple[str, float], WarningCandidate] = {}
    for citizen, when, session, s in zip(snaps.citizen, snaps.time, snaps.session, scores, strict=True):
        key = (citizen, session)
        if s >= threshold and key not in opened:
            opened[key] = WarningCandidate(citizen, when, float(s), "", "normal", [], [], when)
    return ReplayResult(list(opened.values()), [], 0.0, len(snaps.dataset.events), 0)


def calibrate(folds: Sequence[tuple[Snapshots, np.ndarray]]) -> tuple[float, float, list[dict[str, Any]]]:
    """Pick the alert threshold (the lowest reaching the target precision, pooled) and the ``high`` level."""
    table = []
    for th in THRESHOLDS:
        true = total = caught = defrauded = 0
        for snaps, scores in folds:
            m = metrics(snaps.dataset, warnings_at(snaps, scores, th))
            true += m["true_warnings"]
            total += m["warnings"]
            caught += m["warned_before_loss"]
            defrauded += m["defrauded_targets"]
        table.append({"threshold": th, "precision": true / total if total else 1.0,
                      "recall": caught / defrauded if defrauded else 0.0, "warnings": total})
    ok = [r for r in table if r["precision"] >= TARGET_PRECISION]
    best = ok[0] if ok else max(table, key=lambda r: r["precision"])
    return best["threshold"], max(HIGH_SCORE, best["threshold"]), table


def train(seeds: Sequence[int] = TRAIN_SEEDS, scale: float = TRAIN_SCALE, days: int = TRAIN_DAYS,
          out: Path | None = None, log: Any = None) -> tuple[WarningModel, dict[str, Any]]:
    """Simulate, replay, fit, calibrate out of fold, refit on all seeds and save; return the model and a report."""
    say = log or (lambda _msg: None)
    parts: list[Snapshots] = []
    with tempfile.TemporaryDirectory(prefix="antifraud-warnings-") as tmp:
        for seed in seeds:
            say(f"simulating seed {seed} (scale {scale}, {days} days; and dense, partial sight)")
            parts.append(collect(simulate_dataset(seed, scale, days, Path(tmp))))
            parts.append(collect(simulate_dataset(seed, scale, days, Path(tmp), dense=True)))
    say("calibrating the threshold out of fold")
    folds = []
    for k, held_out in enumerate(parts):  # out of fold by seed: a seed's two cities share nothing else
        others = [p for p in parts if p.dataset.seed != held_out.dataset.seed] or [held_out]
        folds.append((held_out, _scores(fit(others), held_out)))
    threshold, high, table = calibrate(folds)
    chosen = next(r for r in table if r["threshold"] == threshold)
    meta = {"name": f"logistic, seeds {','.join(map(str, seeds))}", "seeds": list(seeds), "scale": scale,
            "days": days, "threshold": threshold, "high": high, "target_precision": TARGET_PRECISION,
            "out_of_fold": {"precision": round(chosen["precision"], 4), "recall": round(chosen["recall"], 4)},
            "snapshots": int(sum(len(p.y) for p in parts)), "positives": int(sum(int(p.y.sum()) for p in parts)),
            "text_classifier": model_fingerprint()}
    say("fitting on all seeds")
    model = fit(parts, threshold, high, json.dumps(meta, sort_keys=True))
    target = out or shipped_model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save(target)
    say(f"saved {target}")
    return model, meta


__all__ = ["TRAIN_SEEDS", "collect", "fit", "train"]
