"""An analyst trains a model on the center's own labelled CSV, cross-validates it, and classifies with it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from antifraud.classifier.engine import Classifier
from antifraud.classifier.model import FraudTextModel
from antifraud.cli import app
from antifraud.lab.classifier.corpus import generate

runner = CliRunner()
SIZES = {"none": 120, "impersonate_authority": 50, "fake_loan": 50, "fake_customer_service": 50,
         "impersonate_acquaintance": 50}


def _write_corpus(path: Path, encoding: str, bad_rows: bool = True) -> Path:
    samples = generate(21, SIZES)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "content", "label"])
        for i, s in enumerate(samples):
            writer.writerow([i, s.text.replace("\n", " "), s.label])
        if bad_rows:
            writer.writerow(["x1", "", "none"])                    # line len(samples) + 2
            writer.writerow(["x2", "你好，在吗", "not_a_type"])     # line len(samples) + 3
            writer.writerow(["x3"])                                # line len(samples) + 4
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "utf8.csv", "utf-8")


@pytest.fixture(scope="module")
def trained(corpus: Path) -> Path:
    out = corpus.with_name("model.npz")
    result = runner.invoke(app, ["classify", "train", "--corpus", str(corpus), "--text-column", "content",
                                 "--label-column", "label", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_train_names_bad_rows_and_keeps_good_ones(corpus: Path, trained: Path) -> None:
    """Bad rows are named by line; the model learned from the rest."""
    n = sum(SIZES.values())
    result = runner.invoke(app, ["classify", "train", "--corpus", str(corpus), "--out", str(trained)])
    assert result.exit_code == 0, result.output
    assert f"utf8.csv:{n + 2}: skipped: empty text" in result.stderr
    assert f"utf8.csv:{n + 3}: skipped: unknown label 'not_a_type'" in result.stderr
    assert f"utf8.csv:{n + 4}: skipped: only 1 columns" in result.stderr
    assert f"trained on {n} texts (3 rows skipped" in result.stderr
    model = FraudTextModel.load(trained)
    assert set(model.classes) == set(SIZES)
    assert model.config["n_texts"] == n


def test_training_is_deterministic_and_reads_gb18030(tmp_path: Path, trained: Path) -> None:
    """The same rows in GB18030 give a byte-identical model."""
    gb = _write_corpus(tmp_path / "gb.csv", "gb18030")
    out = tmp_path / "gb.npz"
    result = runner.invoke(app, ["classify", "train", "--corpus", str(gb), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "gb18030" in result.stderr
    assert out.read_bytes() == trained.read_bytes()


def test_classify_with_the_trained_model(tmp_path: Path, trained: Path) -> None:
    """`classify FILE --model` uses the center's model, not the shipped one."""
    file = tmp_path / "msgs.csv"
    file.write_text("content\n您好，这里是市公安局，您涉嫌洗钱，请把资金转到安全账户配合调查\n晚上一起吃饭吗\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["classify", str(file), "--model", str(trained)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["fraud_type"] for r in rows] == ["impersonate_authority", "none"]


def test_evaluate_prints_cross_validated_scores_as_json(corpus: Path) -> None:
    """Stratified 5-fold CV: macro-F1 and per-label F1, the same for the same seed."""
    args = ["classify", "evaluate", "--corpus", str(corpus), "--folds", "5", "--json"]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert set(a["per_label_f1"]) == set(SIZES)
    assert a["folds"] == 5 and len(a["per_fold_macro_f1"]) == 5 and a["n"] == sum(SIZES.values())
    assert a["macro_f1"] > 0.8
    a.pop("seconds"), b.pop("seconds")
    assert a == b
    other = json.loads(runner.invoke(app, [*args, "--seed", "8"]).stdout)
    assert other["per_fold_macro_f1"] != a["per_fold_macro_f1"]


def test_evaluate_a_fixed_model_on_the_folds(corpus: Path, trained: Path) -> None:
    """With --model the given model is scored on each fold as it is (it saw these texts: near perfect)."""
    result = runner.invoke(app, ["classify", "evaluate", "--corpus", str(corpus), "--model", str(trained), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["macro_f1"] > 0.95


@pytest.mark.parametrize(("content", "message"), [
    (b"id,text\n1,hello\n", "text column 'content' not in the header"),
    (b"content,label\n\xff\xfe\xfa,none\n", "neither UTF-8 nor GB18030"),
    (b"content,label\nhello,none\nhi,none\n", "at least two labels"),
    (b"", "empty"),
])
def test_an_unusable_corpus_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    """No stack trace, exit 2, what is wrong in plain words."""
    file = tmp_path / "bad.csv"
    file.write_bytes(content)
    result = runner.invoke(app, ["classify", "train", "--corpus", str(file), "--out", str(tmp_path / "m.npz")])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_model_is_a_clear_error(tmp_path: Path, corpus: Path) -> None:
    """`--model` pointing nowhere, or at a file that is no model."""
    result = runner.invoke(app, ["classify", str(corpus), "--model", str(tmp_path / "none.npz")])
    assert result.exit_code == 2 and "model not found" in result.output
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip")
    result = runner.invoke(app, ["classify", str(corpus), "--model", str(junk)])
    assert result.exit_code == 2 and "is not a fraud-type model" in result.output


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(), min_size=1, max_size=8))
def test_a_trained_model_never_crashes_on_any_text(trained: Path, texts: list[str]) -> None:
    """Any Unicode strings, through a model trained on a center's corpus."""
    for result in Classifier(FraudTextModel.load(trained)).classify_many(texts):
        assert result.fraud_type in {*SIZES} and 0.0 <= result.fraud_score <= 1.0
