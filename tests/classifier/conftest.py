"""Shared fixtures: the hand-written evaluation set and the shipped classifier."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from antifraud.classifier.engine import Classifier, shipped_classifier

DATA = Path(__file__).with_name("data")


def read_handwritten() -> tuple[list[str], list[str]]:
    """Texts and labels of the hand-written set (written apart from the generator, never trained on)."""
    with (DATA / "handwritten.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["content"] for r in rows], [r["label"] for r in rows]


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    """The shipped model, loaded once."""
    return shipped_classifier()
