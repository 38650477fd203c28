"""Scores of a classifier on labelled texts, in the terms the center measures it by.

Macro-F1 over `none` and the four most reported types (impersonate_authority, fake_loan,
fake_customer_service, impersonate_acquaintance), where `fake_credit` counts as `fake_loan`; and
precision and recall of "fraud at all" against ordinary messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NONE = "none"
FOCUS: tuple[str, ...] = (NONE, "impersonate_authority", "fake_loan", "fake_customer_service",
                          "impersonate_acquaintance")
_MERGE = {"fake_credit": "fake_loan"}


@dataclass(frozen=True)
class Metrics:
    """Headline scores plus per-class F1 over the focus classes."""

    n: int
    macro_f1: float
    fraud_precision: float
    fraud_recall: float
    accuracy: float
    per_class_f1: dict[str, float]

    def line(self) -> str:
        """One line for logs and benchmark output."""
        return (f"n={self.n} macro-F1(5)={self.macro_f1:.3f} fraud P={self.fraud_precision:.3f} "
                f"R={self.fraud_recall:.3f} acc={self.accuracy:.3f}")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(truth: Sequence[str], predicted: Sequence[str]) -> Metrics:
    """Metrics of predicted labels against true ones (any of the 12 types or `none`)."""
    if len(truth) != len(predicted):
        raise ValueError("truth and predictions differ in length")
    t = [_MERGE.get(x, x) for x in truth]
    p = [_MERGE.get(x, x) for x in predicted]
    per_class: dict[str, float] = {}
    for cls in FOCUS:
        tp = sum(1 for a, b in zip(t, p) if a == cls and b == cls)
        fp = sum(1 for a, b in zip(t, p) if a != cls and b == cls and a in FOCUS)
        fn = sum(1 for a, b in zip(t, p) if a == cls and b != cls)
        prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        per_class[cls] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    present = [c for c in FOCUS if any(x == c for x in t)]
    macro = sum(per_class[c] for c in present) / len(present) if present else 0.0
    tp = sum(1 for a, b in zip(t, p) if a != NONE and b != NONE)
    fp = sum(1 for a, b in zip(t, p) if a == NONE and b != NONE)
    fn = sum(1 for a, b in zip(t, p) if a != NONE and b == NONE)
    accuracy = _ratio(sum(1 for a, b in zip(t, p) if a == b), len(t))
    return Metrics(len(t), macro, _ratio(tp, tp + fp), _ratio(tp, tp + fn), accuracy, per_class)


def precision_at_recall(truth: Sequence[str], fraud_scores: Sequence[float], recall: float = 0.90) -> tuple[float, float]:
    """(precision, recall) of "fraud at all" at the highest score threshold that reaches `recall`.

    Texts are ranked by the model's fraud score; the cut is the first one at which the frauds above it make
    up `recall` of all frauds. (0.0, 0.0) when the truth holds no fraud.
    """
    if len(truth) != len(fraud_scores):
        raise ValueError("truth and scores differ in length")
    frauds = sum(1 for x in truth if x != NONE)
    if not frauds:
        return 0.0, 0.0
    order = sorted(range(len(truth)), key=lambda i: -fraud_scores[i])
    tp = 0
    for rank, i in enumerate(order, start=1):
        tp += truth[i] != NONE
        # ties: a cut never falls between two texts of the same score
        tied = rank < len(order) and fraud_scores[order[rank]] == fraud_scores[i]
        if tp >= recall * frauds and not tied:
            return tp / rank, tp / frauds
    return tp / len(order), 1.0
