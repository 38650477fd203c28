"""Benchmark: fraud-type text classifier — throughput on one core and quality, beside baselines.

Throughput of `classify_many` (batch) on synthetic texts of every label and form, against two
baselines measured in the same run: the lexicon-only matcher (cue weights, no model) and a naive loop
calling `classify` once per text. Quality on the hand-written set (tests/classifier/data)
and on held-out scenario families (a model trained without them; skipped with --quick), each beside
the lexicon-only baseline.

A center's own model (`classify train --corpus`): training time on 10,000 texts, its throughput beside
the shipped model's, 5-fold CV macro-F1 on the lab corpus and macro-F1 on held-out families (--center).

    python benchmarks/bench_classifier.py --texts 20000
    python benchmarks/bench_classifier.py --quick --center
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from antifraud.classifier.engine import Classifier, default_classifier
from antifraud.classifier.lexicon import GROUPS, ORDINARY, PREVENTION, default_lexicon
from antifraud.classifier.normalize import normalize
from antifraud.lab.classifier.corpus import DEFAULT_SIZES, generate, holdout_split, texts_and_labels
from antifraud.lab.classifier.metrics import Metrics, precision_at_recall, score

HANDWRITTEN = Path(__file__).resolve().parents[1] / "tests/classifier/data/handwritten.csv"
_FRAUD_GROUPS = [i for i, g in enumerate(GROUPS) if g not in (PREVENTION, ORDINARY)]
_NONE_GROUPS = [GROUPS.index(PREVENTION), GROUPS.index(ORDINARY)]


def lexicon_only(texts: Sequence[str], t2s: dict[int, int]) -> list[str]:
    """Baseline: the fraud type whose cues weigh most, if they outweigh the ordinary/prevention cues."""
    lexicon = default_lexicon()
    norm = [normalize(t, t2s) for t in texts]
    scores = lexicon.scores(lexicon.match(norm), len(norm))
    fraud = scores[:, _FRAUD_GROUPS]
    best = fraud.max(axis=1)
    is_fraud = (best >= 3.0) & (best > scores[:, _NONE_GROUPS].max(axis=1))
    return [GROUPS[_FRAUD_GROUPS[int(k)]] if f else "none" for k, f in zip(fraud.argmax(axis=1), is_fraud)]


def rate(fn: Callable[[], object], n: int, repeat: int = 3) -> float:
    """Texts per second of the best of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return n / best


def handwritten() -> tuple[list[str], list[str]]:
    """The hand-written evaluation set."""
    with HANDWRITTEN.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["content"] for r in rows], [r["label"] for r in rows]


def quality(name: str, model: Classifier, texts: list[str], labels: list[str]) -> tuple[Metrics, Metrics]:
    """Model and lexicon-only metrics on one labelled set, printed side by side."""
    results = model.classify_many(texts)
    ours = score(labels, [r.fraud_type for r in results])
    base = score(labels, lexicon_only(texts, model.model.t2s))
    p90, r90 = precision_at_recall(labels, [r.fraud_score for r in results], 0.90)
    print(f"{name:<22} model    {ours.line()} | fraud P={p90:.3f} at R={r90:.3f}")
    print(f"{'':<22} lexicon  {base.line()}")
    return ours, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20000, help="texts in the throughput run")
    parser.add_argument("--seed", type=int, default=101, help="seed of the benchmark texts")
    parser.add_argument("--quick", action="store_true", help="skip training the held-out-families model")
    parser.add_argument("--center", action="store_true", help="also measure the recipe of `classify train --corpus`")
    args = parser.parse_args()

    total = sum(DEFAULT_SIZES.values())
    sizes = {k: max(1, round(v * args.texts / total)) for k, v in DEFAULT_SIZES.items()}
    texts = [s.text for s in generate(args.seed, sizes)][: args.texts]
    lengths = np.array([len(t) for t in texts])
    clf = default_classifier()
    clf.classify_many(texts[:100])   # load and warm up
    print(f"{len(texts)} texts, {lengths.mean():.0f} characters on average (median {np.median(lengths):.0f}, "
          f"max {lengths.max()})")
    with threadpool_limits(limits=1):
        batch = rate(lambda: clf.classify_many(texts), len(texts))
        lexicon = rate(lambda: lexicon_only(texts, clf.model.t2s), len(texts))
        sample = texts[:2000]
        naive = rate(lambda: [clf.classify(t) for t in sample], len(sample), repeat=1)
    print(f"{'classify_many (batch)':<28}{batch:>10,.0f} texts/s")
    print(f"{'lexicon-only matcher':<28}{lexicon:>10,.0f} texts/s   (batch is {batch / lexicon:.2f}x)")
    print(f"{'classify per text (loop)':<28}{naive:>10,.0f} texts/s   (batch is {batch / naive:.1f}x)")
    print(f"{'target':<28}{5000:>10,} texts/s   {'met' if batch >= 5000 else 'NOT met'}")
    print()
    quality("hand-written set", clf, *handwritten())
    if not args.quick:
        from antifraud.lab.classifier.training import build_t2s_table, fit

        train_part, test_part = holdout_split(7)
        started = time.perf_counter()
        probe = Classifier(fit(train_part, t2s=build_t2s_table(), seed=7))
        print(f"(held-out model trained on {len(train_part)} texts in {time.perf_counter() - started:.0f} s)")
        test_texts, test_labels = texts_and_labels(test_part)
        quality("held-out families", probe, test_texts, test_labels)
        quality("hand-written (held-out)", probe, *handwritten())
    if args.center:
        print()
        center_recipe(texts, clf, args.seed)


def center_recipe(texts: list[str], shipped: Classifier, seed: int) -> None:
    """Train time, throughput, CV and held-out figures of the recipe a center trains its own model with."""
    from antifraud.classifier.training import Recipe, cross_validate, fit
    from antifraud.classifier.training import score as f1_scores
    from antifraud.lab.classifier.training import fit as lab_fit

    total = sum(DEFAULT_SIZES.values())
    sizes = {k: max(5, round(v * 10000 / total)) for k, v in DEFAULT_SIZES.items()}
    corpus = generate(seed + 1, sizes)
    c_texts, c_labels = texts_and_labels(corpus)
    with threadpool_limits(limits=1):
        started = time.perf_counter()
        own = Classifier(fit(c_texts, c_labels, recipe=Recipe()))
        seconds = time.perf_counter() - started
        own.classify_many(texts[:100])
        mine = rate(lambda: own.classify_many(texts), len(texts))
        base = rate(lambda: shipped.classify_many(texts), len(texts))
    print(f"center recipe: trained on {len(c_texts)} texts in {seconds:.1f} s (goal ≤ 60 s), "
          f"{len(own.model.keys)} n-grams")
    print(f"{'center model (batch)':<28}{mine:>10,.0f} texts/s   ({mine / base:.2f}x the shipped model's {base:,.0f})")
    cv = cross_validate(c_texts, c_labels, folds=5, seed=7)
    print(f"5-fold CV on the lab corpus: macro-F1 {cv.pooled.macro_f1:.4f} (all 13 labels), accuracy "
          f"{cv.pooled.accuracy:.4f}, {cv.seconds:.0f} s")
    train_part, test_part = holdout_split(seed, sizes)
    probe = fit(*texts_and_labels(train_part))
    t_texts, t_labels = texts_and_labels(test_part)
    predicted = [r.fraud_type for r in Classifier(probe).classify_many(t_texts)]
    print(f"held-out families, center recipe: macro-F1 {f1_scores(t_labels, predicted).macro_f1:.4f} (13 labels); "
          f"{score(t_labels, predicted).line()}")
    shipped_recipe = Classifier(lab_fit(train_part, t2s=shipped.model.t2s, seed=7))
    base_pred = [r.fraud_type for r in shipped_recipe.classify_many(t_texts)]
    print(f"held-out families, shipped recipe: macro-F1 {f1_scores(t_labels, base_pred).macro_f1:.4f} (13 labels); "
          f"{score(t_labels, base_pred).line()}")


if __name__ == "__main__":
    main()
