"""The shipped model is plain arrays, loads without pickle, and scores like the one saved."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from antifraud.classifier import text_verdicts
from antifraud.warnings.features import FEATURES, WarningModel, shipped_model, shipped_model_path


def test_the_shipped_model_loads_and_names_its_training_seeds() -> None:
    model = shipped_model()
    assert model is not None and model.features == FEATURES
    meta = json.loads(model.meta)
    assert 99 not in meta["seeds"] and 0.0 < model.threshold < model.high <= 1.0
    with np.load(shipped_model_path(), allow_pickle=False) as data:
        assert {"coef", "intercept", "threshold", "features"} <= set(data.files)


def test_a_saved_model_reads_back_the_same(tmp_path: Path) -> None:
    model = shipped_model()
    assert model is not None
    model.save(tmp_path / "m.npz")
    again = WarningModel.load(tmp_path / "m.npz")
    assert again == model
    x = [0.5] * len(FEATURES)
    assert again.score(x) == model.score(x) and again.type_probabilities(x) == model.type_probabilities(x)


def test_a_scorer_uses_the_shipped_model_and_its_threshold_by_default() -> None:
    from antifraud.warnings.engine import RULES_THRESHOLD, InMemoryIndicatorStore, WarningScorer

    model = shipped_model()
    assert model is not None
    scorer = WarningScorer(InMemoryIndicatorStore(), text_classifier=text_verdicts)
    assert scorer.model == model and scorer.threshold == model.threshold and scorer.high == model.high
    assert WarningScorer(InMemoryIndicatorStore(), threshold=0.7).threshold == 0.7
    rules = WarningScorer(InMemoryIndicatorStore(), model, rules_only=True)
    assert rules.model is None and rules.threshold == RULES_THRESHOLD
