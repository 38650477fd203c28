"""Measuring a classifier the way the center does: macro-F1 and fraud precision at a fixed recall."""

from __future__ import annotations

import pytest

from antifraud.lab.classifier.metrics import precision_at_recall, score


def test_precision_at_recall_cuts_where_recall_is_reached() -> None:
    """Ranked by fraud score, the cut falls at the first text that brings recall to the goal."""
    truth = ["fake_loan", "fake_loan", "none", "fake_loan", "none", "fake_loan"]
    scores = [0.99, 0.95, 0.9, 0.8, 0.3, 0.2]
    assert precision_at_recall(truth, scores, 0.5) == (1.0, 0.5)
    assert precision_at_recall(truth, scores, 0.75) == (0.75, 0.75)
    assert precision_at_recall(truth, scores, 1.0) == (4 / 6, 1.0)


def test_tied_scores_are_not_split() -> None:
    """Texts of the same score are all above the cut or all below it."""
    truth = ["fake_loan", "none", "fake_loan"]
    assert precision_at_recall(truth, [0.9, 0.9, 0.1], 0.5) == (0.5, 0.5)


def test_no_fraud_and_bad_lengths() -> None:
    """Without frauds there is nothing to measure; mismatched inputs are refused."""
    assert precision_at_recall(["none"], [0.4]) == (0.0, 0.0)
    with pytest.raises(ValueError):
        precision_at_recall(["none"], [])


def test_fake_credit_counts_as_fake_loan() -> None:
    """The center reports fake credit repair under fake loans."""
    assert score(["fake_credit"], ["fake_loan"]).macro_f1 == 1.0
