"""Training: synthetic corpus → vocabulary → logistic regression → the shipped .npz model.

Deterministic for a seed: the corpus is generated from it, the vocabulary is sorted, the solver is
deterministic, and coefficients are rounded to float16 before saving.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from antifraud.classifier.features import count_ngrams
from antifraud.classifier.lexicon import Lexicon, default_lexicon
from antifraud.classifier.model import MODEL_PATH, FraudTextModel, lexicon_features, ngram_matrix
from antifraud.classifier.normalize import normalize
from antifraud.lab.classifier.corpus import LABELS, Sample, generate, holdout_split, texts_and_labels
from antifraud.lab.classifier.metrics import Metrics, score

NGRAM_RANGE = (1, 3)
MIN_DF = 3
C = 8.0
LEXICON_SCALE = 1.0
THRESHOLD = 0.5
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainReport:
    """What a training run produced and how well the model generalised to held-out families."""

    seed: int
    path: Path
    n_texts: int
    n_features: int
    model_bytes: int
    seconds: float
    holdout: Metrics | None


def build_t2s_table() -> dict[int, int]:
    """Traditional → simplified, one character to one character, from OpenCC's table."""
    from opencc import OpenCC

    converter = OpenCC("t2s")
    table: dict[int, int] = {}
    for start, stop in _CJK_RANGES:
        for cp in range(start, stop):
            simple = converter.convert(chr(cp))
            if len(simple) == 1 and simple != chr(cp):
                table[cp] = ord(simple)
    return table


def _vocabulary(texts: Sequence[str], min_df: int) -> tuple[np.ndarray, np.ndarray]:
    """N-gram keys seen in at least `min_df` texts, sorted, with smoothed IDF."""
    batch = count_ngrams(texts, NGRAM_RANGE)
    keys, df = np.unique(batch.key, return_counts=True)
    keep = df >= min_df
    keys, df = keys[keep], df[keep]
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    return keys.astype(np.int64), idf.astype(np.float16).astype(np.float32)


def fit(samples: Sequence[Sample], *, t2s: Mapping[int, int], lexicon: Lexicon | None = None, c: float = C,
        min_df: int = MIN_DF, seed: int = 7) -> FraudTextModel:
    """Train a model on labelled samples."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    lexicon = lexicon or default_lexicon()
    texts, labels = texts_and_labels(samples)
    norm = [normalize(t, t2s) for t in texts]
    keys, idf = _vocabulary(norm, min_df)
    lex, _ = lexicon_features(lexicon, norm)
    x = sparse.hstack([ngram_matrix(norm, keys, idf, NGRAM_RANGE), sparse.csr_matrix(lex * LEXICON_SCALE)],
                      format="csr")
    classes = tuple(label for label in LABELS if label in set(labels))
    y = np.array([classes.index(label) for label in labels])
    clf = LogisticRegression(C=c, max_iter=2000, tol=1e-5, random_state=seed)
    with threadpool_limits(limits=1, user_api="blas"):   # threaded BLAS only slows these small products down
        clf.fit(x, y)
    coef = clf.coef_.T.astype(np.float16).astype(np.float32)
    return FraudTextModel(
        classes=classes, keys=keys, idf=idf, coef=np.ascontiguousarray(coef[: len(keys)]),
        lex_coef=np.ascontiguousarray(coef[len(keys):] * LEXICON_SCALE),
        intercept=clf.intercept_.astype(np.float32), t2s=dict(t2s),
        config={"ngram_range": list(NGRAM_RANGE), "threshold": THRESHOLD, "seed": seed, "c": c,
                "min_df": min_df, "n_texts": len(texts), "lexicon": lexicon.digest},
    )


def evaluate(model: FraudTextModel, texts: Sequence[str], labels: Sequence[str]) -> Metrics:
    """Scores of a model on labelled texts."""
    from antifraud.classifier.engine import Classifier

    predicted = [r.fraud_type for r in Classifier(model).classify_many(texts)]
    return score(labels, predicted)


def train(seed: int = 7, out: Path | None = None, *, sizes: Mapping[str, int] | None = None,
          evaluate_holdout: bool = True, progress: Progress | None = None) -> TrainReport:
    """Generate the corpus, measure generalisation on held-out families, train on all, write the model."""
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    say("building the traditional → simplified table")
    t2s = build_t2s_table()
    holdout: Metrics | None = None
    if evaluate_holdout:
        say("training without the held-out families")
        train_part, test_part = holdout_split(seed, sizes)
        probe = fit(train_part, t2s=t2s, seed=seed)
        holdout = evaluate(probe, *texts_and_labels(test_part))
        say(f"held-out families: {holdout.line()}")
    say("generating the full corpus")
    samples = generate(seed, sizes)
    say(f"training on {len(samples)} texts")
    model = fit(samples, t2s=t2s, seed=seed)
    path = out or MODEL_PATH
    model.save(path)
    if path.resolve() == MODEL_PATH.resolve():
        from antifraud.classifier.engine import reset_default

        reset_default()
    say(f"wrote {path}")
    return TrainReport(seed, path, len(samples), len(model.keys), path.stat().st_size,
                       time.perf_counter() - started, holdout)


__all__ = ["MODEL_PATH", "TrainReport", "build_t2s_table", "evaluate", "fit", "train"]
