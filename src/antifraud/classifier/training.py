"""Train the fraud-type model on a labelled corpus, and measure a recipe by stratified cross-validation.

This is how a center learns from its own texts (case narratives with their confirmed type, SMS attached
to warnings, call-takers' overrides): sublinear TF-IDF over character 1–4-grams, the lexicon's cue scores
as extra columns, and a multinomial logistic regression whose softmax gives the scores. Deterministic
for a seed: the vocabulary is sorted, the folds are seeded and the solver is deterministic.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from scipy import sparse

from antifraud.classifier.features import count_ngrams
from antifraud.classifier.lexicon import Lexicon, default_lexicon
from antifraud.classifier.model import MODEL_PATH, FraudTextModel, lexicon_features, ngram_matrix
from antifraud.classifier.normalize import normalize
from antifraud.core.vocab import FRAUD_TYPES

NONE = "none"
LABELS: tuple[str, ...] = (*FRAUD_TYPES, NONE)
NGRAM_RANGE = (1, 4)
MIN_DF = 2
C = 20.0
THRESHOLD = 0.5
LEXICON_SCALE = 1.0

Trainer = Callable[[Sequence[str], Sequence[str]], FraudTextModel]


@dataclass(frozen=True)
class Recipe:
    """How a model is trained from texts: the settings a model card records."""

    ngram_range: tuple[int, int] = NGRAM_RANGE
    min_df: int = MIN_DF
    c: float = C
    seed: int = 7

    def as_dict(self) -> dict[str, Any]:
        """The recipe as plain JSON values."""
        return {"ngram_range": list(self.ngram_range), "min_df": self.min_df, "c": self.c, "seed": self.seed}


@cache
def shipped_t2s() -> dict[int, int]:
    """The traditional → simplified table of the shipped model (built once from OpenCC by the lab)."""
    return FraudTextModel.load(MODEL_PATH).t2s


def vocabulary(texts: Sequence[str], min_df: int, ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """N-gram keys seen in at least `min_df` texts, sorted, with smoothed IDF."""
    batch = count_ngrams(texts, ngram_range)
    keys, df = np.unique(batch.key, return_counts=True)
    keep = df >= min_df
    keys, df = keys[keep], df[keep]
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    return keys.astype(np.int64), idf.astype(np.float16).astype(np.float32)


def fit(texts: Sequence[str], labels: Sequence[str], *, recipe: Recipe = Recipe(),
        t2s: Mapping[int, int] | None = None, lexicon: Lexicon | None = None,
        extra_config: Mapping[str, Any] | None = None) -> FraudTextModel:
    """Train a model on labelled texts (labels: fraud-type codes or `none`)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    present = set(labels)
    if len(present) < 2:
        raise ValueError("a model needs texts of at least two labels")
    unknown = present - set(LABELS)
    if unknown:
        raise ValueError(f"unknown labels: {', '.join(sorted(unknown))}")
    lexicon = lexicon or default_lexicon()
    t2s = dict(t2s if t2s is not None else shipped_t2s())
    norm = [normalize(t, t2s) for t in texts]
    keys, idf = vocabulary(norm, recipe.min_df, recipe.ngram_range)
    lex, _ = lexicon_features(lexicon, norm)
    x = sparse.hstack([ngram_matrix(norm, keys, idf, recipe.ngram_range),
                       sparse.csr_matrix(lex * LEXICON_SCALE)], format="csr")
    classes = tuple(label for label in LABELS if label in present)
    y = np.array([classes.index(label) for label in labels])
    clf = LogisticRegression(C=recipe.c, max_iter=3000, tol=1e-4, random_state=recipe.seed)
    with threadpool_limits(limits=1, user_api="blas"):   # threaded BLAS only slows these small products down
        clf.fit(x, y)
    coef = clf.coef_.T.astype(np.float16).astype(np.float32)
    return FraudTextModel(
        classes=classes, keys=keys, idf=idf, coef=np.ascontiguousarray(coef[: len(keys)]),
        lex_coef=np.ascontiguousarray(coef[len(keys):] * LEXICON_SCALE),
        intercept=clf.intercept_.astype(np.float32), t2s=t2s,
        config={**recipe.as_dict(), "threshold": THRESHOLD, "n_texts": len(texts), "lexicon": lexicon.digest,
                **(extra_config or {})},
    )


def predict(model: FraudTextModel, texts: Sequence[str]) -> list[str]:
    """The label a model gives each text."""
    from antifraud.classifier.engine import Classifier

    return [r.fraud_type for r in Classifier(model).classify_many(texts)]


@dataclass(frozen=True)
class Scores:
    """Macro-F1 over the labels present in the truth, and F1 per label."""

    n: int
    macro_f1: float
    per_label_f1: dict[str, float]
    accuracy: float

    def as_dict(self) -> dict[str, Any]:
        """Rounded plain values for JSON."""
        return {"n": self.n, "macro_f1": round(self.macro_f1, 4), "accuracy": round(self.accuracy, 4),
                "per_label_f1": {k: round(v, 4) for k, v in self.per_label_f1.items()}}


def score(truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    """F1 per label present in the truth and their mean."""
    from sklearn.metrics import accuracy_score, f1_score

    present = [label for label in LABELS if label in set(truth)]
    f1 = f1_score(truth, predicted, labels=present, average=None, zero_division=0)
    per = {label: float(v) for label, v in zip(present, f1)}
    return Scores(len(truth), float(np.mean(f1)) if present else 0.0, per, float(accuracy_score(truth, predicted)))


@dataclass(frozen=True)
class CrossValidation:
    """Scores of one recipe (or fixed model) on each of k stratified folds and on all folds pooled."""

    folds: int
    seed: int
    pooled: Scores
    per_fold_macro_f1: list[float]
    seconds: float
    sparse_labels: list[str] = field(default_factory=list)   # labels with fewer texts than folds

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON: the pooled scores plus each fold's macro-F1."""
        return {**self.pooled.as_dict(), "folds": self.folds, "seed": self.seed,
                "per_fold_macro_f1": [round(v, 4) for v in self.per_fold_macro_f1],
                "seconds": round(self.seconds, 1), "sparse_labels": self.sparse_labels}


def fold_indices(labels: Sequence[str], folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified, shuffled (train, test) index pairs; the same labels and seed give the same folds."""
    import warnings

    from sklearn.model_selection import StratifiedKFold

    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    counts = {label: sum(1 for x in labels if x == label) for label in set(labels)}
    if max(counts.values(), default=0) < folds:
        raise ValueError(f"{folds} folds need at least {folds} texts of some label")
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    y = np.array(labels)
    with warnings.catch_warnings():   # a label rarer than the folds is reported in the result instead
        warnings.simplefilter("ignore", UserWarning)
        return list(splitter.split(np.zeros(len(y)), y))


def cross_validate(texts: Sequence[str], labels: Sequence[str], *, folds: int = 5, seed: int = 7,
                   trainer: Trainer | None = None, fixed: FraudTextModel | None = None) -> CrossValidation:
    """Stratified k-fold CV: train on k-1 folds and predict the last (or score a fixed model on each fold)."""
    started = time.perf_counter()
    train_fn = trainer or (lambda t, y: fit(t, y, recipe=Recipe(seed=seed)))
    predicted = [""] * len(texts)
    per_fold: list[float] = []
    for train_idx, test_idx in fold_indices(labels, folds, seed):
        model = fixed if fixed is not None else train_fn([texts[i] for i in train_idx],
                                                          [labels[i] for i in train_idx])
        out = predict(model, [texts[i] for i in test_idx])
        for i, p in zip(test_idx.tolist(), out):
            predicted[i] = p
        per_fold.append(score([labels[i] for i in test_idx], out).macro_f1)
    sparse_labels = sorted(label for label in set(labels) if sum(1 for x in labels if x == label) < folds)
    return CrossValidation(folds, seed, score(labels, predicted), per_fold, time.perf_counter() - started,
                           sparse_labels)


__all__ = ["LABELS", "CrossValidation", "Recipe", "Scores", "cross_validate", "fit", "fold_indices", "predict",
           "score", "shipped_t2s", "vocabulary"]
