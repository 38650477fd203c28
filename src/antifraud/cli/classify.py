"""``antifraud classify``: classify a CSV column, train a model on a labelled CSV, cross-validate, or
retrain the shipped model from the lab's synthetic corpus."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from antifraud.cli.output import fail
from antifraud.core.cells import SafeCsvWriter

_ENCODINGS = ("utf-8-sig", "gb18030")


def _fail(message: str) -> None:
    """Print an error in plain words and exit non-zero (no stack trace)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _read_rows(file: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV in UTF-8 (with or without BOM) or GB18030, as Excel writes it."""
    if not file.is_file():
        _fail(f"file not found: {file}")
    for encoding in _ENCODINGS:
        try:
            with file.open(newline="", encoding=encoding) as fh:
                rows = list(csv.reader(fh))
            break
        except UnicodeDecodeError:
            continue
    else:
        _fail(f"{file} is neither UTF-8 nor GB18030 text")
    if not rows:
        _fail(f"{file} is empty: expected a header row")
    return rows[0], rows[1:]


def _load_model(path: Path):  # type: ignore[no-untyped-def]
    """A model file as a classifier, or a clear error."""
    from antifraud.classifier.engine import Classifier
    from antifraud.classifier.model import FraudTextModel

    if not path.is_file():
        _fail(f"model not found: {path}")
    try:
        return Classifier(FraudTextModel.load(path))
    except Exception as exc:  # noqa: BLE001 — any unreadable file is one plain message, not a trace
        _fail(f"{path} is not a fraud-type model: {exc}")


def classify_command(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row")],
    column: Annotated[str, typer.Option("--column", "-c", help="column holding the text")] = "content",
    model: Annotated[Path | None, typer.Option("--model", help="a model trained with `classify train`")] = None,
) -> None:
    """Classify each row's text into a fraud type; writes the CSV with fraud_type, score, cues added."""
    from antifraud.classifier.engine import classify_many

    header, rows = _read_rows(file)
    if column not in header:
        _fail(f"column {column!r} not in {file} (columns: {', '.join(header) or 'none'})")
    at = header.index(column)
    texts = [row[at] if at < len(row) else "" for row in rows]
    results = _load_model(model).classify_many(texts) if model is not None else classify_many(texts)
    # The output is opened in spreadsheets: a message text beginning with "=" must not become a formula.
    writer = SafeCsvWriter(sys.stdout, lineterminator="\n")
    writer.writerow([*header, "fraud_type", "score", "cues"])
    for row, result in zip(rows, results):
        writer.writerow([*row, result.fraud_type, f"{result.score:.4f}", "|".join(result.cues)])


def _corpus(file: Path, text_column: str, label_column: str):  # type: ignore[no-untyped-def]
    """The good rows of a labelled CSV; bad rows reported on stderr by line."""
    from antifraud.classifier.corpus_file import CorpusError, parse_corpus

    if not file.is_file():
        _fail(f"file not found: {file}")
    try:
        corpus = parse_corpus(file.read_bytes(), text_column, label_column)
    except CorpusError as exc:
        _fail(f"{file}: {exc}")
    for bad in corpus.bad_rows:
        typer.echo(f"{file}:{bad.line}: skipped: {bad.reason}", err=True)
    if len(set(corpus.labels)) < 2:
        _fail(f"{file}: {len(corpus.texts)} usable rows; a model needs texts of at least two labels")
    return corpus


def train_corpus_command(corpus: Path, out: Path, text_column: str = "content", label_column: str = "label",
                         seed: int = 7) -> None:
    """Train a model on a labelled CSV and write it as .npz (deterministic by seed)."""
    from antifraud.classifier.training import Recipe, fit

    data = _corpus(corpus, text_column, label_column)
    started = time.perf_counter()
    model = fit(data.texts, data.labels, recipe=Recipe(seed=seed))
    try:
        model.save(out)
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}")
    typer.echo(f"trained on {len(data.texts)} texts ({len(data.bad_rows)} rows skipped, {data.encoding}) in "
               f"{time.perf_counter() - started:.1f} s: {len(model.keys)} n-grams, {len(model.classes)} labels; "
               f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)", err=True)


def evaluate_command(corpus: Path, folds: int = 5, as_json: bool = False, text_column: str = "content",
                     label_column: str = "label", seed: int = 7, model: Path | None = None) -> None:
    """Stratified k-fold cross-validation of training on the corpus (or of a fixed model on its folds)."""
    from antifraud.classifier.training import Recipe, cross_validate, fit

    data = _corpus(corpus, text_column, label_column)
    fixed = _load_model(model).model if model is not None else None
    try:
        result = cross_validate(data.texts, data.labels, folds=folds, seed=seed, fixed=fixed,
                                trainer=lambda t, y: fit(t, y, recipe=Recipe(seed=seed)))
    except ValueError as exc:
        _fail(f"{corpus}: {exc}")
    report = {**result.as_dict(), "corpus": str(corpus), "rows_skipped": len(data.bad_rows),
              "model": str(model) if model is not None else None}
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, sort_keys=True))
        return
    typer.echo(f"{folds}-fold CV on {result.pooled.n} texts: macro-F1 {result.pooled.macro_f1:.4f}, "
               f"accuracy {result.pooled.accuracy:.4f} ({result.seconds:.0f} s)")
    for label, f1 in result.pooled.per_label_f1.items():
        typer.echo(f"  {label:<26} F1 {f1:.4f}")


def train_shipped_command(seed: int = 7) -> None:
    """Regenerate the synthetic corpus, retrain, and overwrite the shipped model."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from antifraud.lab.classifier.training import train  # the lab loads only when this command runs

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("training", total=None)
        report = train(seed, progress=lambda msg: bar.update(task, description=msg))
    if report.holdout is not None:
        console.print(f"held-out families: {report.holdout.line()}")
    console.print(f"model: {report.path} ({report.model_bytes / 1e6:.1f} MB, {report.n_features} n-grams, "
                  f"{report.n_texts} texts, {report.seconds:.0f} s)")


def classify(target: str = typer.Argument(..., help="a CSV file to classify, `train` or `evaluate`"),
             column: str = typer.Option("content", "--column", "-c", help="the CSV column holding the text"),
             model: Path | None = typer.Option(None, "--model", help="classify or evaluate with this model"),
             corpus: Path | None = typer.Option(None, "--corpus", help="train/evaluate: labelled CSV (UTF-8 or GB18030)"),
             text_column: str = typer.Option("content", "--text-column", help="train/evaluate: the text column"),
             label_column: str = typer.Option("label", "--label-column", help="train/evaluate: the label column"),
             out: Path | None = typer.Option(None, "--out", help="train --corpus: where to write the model"),
             folds: int = typer.Option(5, "--folds", help="evaluate: number of stratified folds"),
             as_json: bool = typer.Option(False, "--json", help="evaluate: print the scores as JSON"),
             seed: int = typer.Option(7, help="seed of the folds, the solver (and the lab corpus)")) -> None:
    """Classify texts into fraud types (CSV in, CSV with fraud_type, score, cues out), train or evaluate."""
    if target == "train" and corpus is None:
        train_shipped_command(seed=seed)
    elif target == "train":
        train_corpus_command(corpus, out or Path("model.npz"), text_column, label_column, seed)
    elif target == "evaluate":
        if corpus is None:
            fail("evaluate needs --corpus FILE.csv")
        evaluate_command(corpus, folds, as_json, text_column, label_column, seed, model)
    else:
        classify_command(Path(target), column=column, model=model)
