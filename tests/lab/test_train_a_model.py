"""An engineer retrains the model: same seed, same model; the shipped model matches the code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from antifraud.classifier.engine import Classifier
from antifraud.classifier.lexicon import default_lexicon
from antifraud.classifier.model import MODEL_PATH, FraudTextModel
from antifraud.lab.classifier.corpus import LABELS
from antifraud.lab.classifier.training import train

SMALL = {label: 30 for label in LABELS}
PROBES = [
    "你的账户涉嫌洗钱，请转到安全账户", "贷款审批通过，请先交解冻金", "您的快递丢失，我们三倍理赔",
    "我是你领导，明天来我办公室", "【菜鸟驿站】取件码12-3-4567", "晚上一起吃饭吗",
]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same small training run, twice."""
    folder = tmp_path_factory.mktemp("models")
    first = train(seed=3, out=folder / "a.npz", sizes=SMALL, evaluate_holdout=False).path
    second = train(seed=3, out=folder / "b.npz", sizes=SMALL, evaluate_holdout=False).path
    return first, second


def test_same_seed_gives_the_same_bytes(two_runs: tuple[Path, Path]) -> None:
    """Training is deterministic down to the file."""
    first, second = two_runs
    assert first.read_bytes() == second.read_bytes()


def test_same_seed_gives_the_same_predictions(two_runs: tuple[Path, Path]) -> None:
    """…and so are its predictions."""
    first, second = (Classifier(FraudTextModel.load(p)) for p in two_runs)
    assert first.classify_many(PROBES) == second.classify_many(PROBES)


def test_another_seed_gives_another_model(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    """The seed reaches the corpus."""
    other = train(seed=4, out=tmp_path / "c.npz", sizes=SMALL, evaluate_holdout=False).path
    assert other.read_bytes() != two_runs[0].read_bytes()


def test_saved_model_round_trips(two_runs: tuple[Path, Path]) -> None:
    """Loading needs no pickle and gives back every array."""
    model = FraudTextModel.load(two_runs[0])
    with np.load(two_runs[0], allow_pickle=False) as data:
        assert sorted(data.files) == sorted(["classes", "keys", "idf", "coef", "lex_coef", "intercept", "t2s", "config"])
    assert model.classes == LABELS
    assert np.all(np.diff(model.keys) > 0)


def test_shipped_model_is_small_and_current() -> None:
    """The model in the package is a few MB at most and was trained with the current lexicon."""
    assert MODEL_PATH.stat().st_size < 5_000_000
    model = FraudTextModel.load(MODEL_PATH)
    assert model.config["lexicon"] == default_lexicon().digest, "lexicon changed: run `antifraud classify train`"
    assert model.classes == LABELS
