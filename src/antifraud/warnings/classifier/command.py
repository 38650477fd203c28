"""Command-line entry points: classify a CSV column, retrain the shipped model."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer

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


def classify_command(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row")],
    column: Annotated[str, typer.Option("--column", "-c", help="column holding the text")] = "content",
) -> None:
    """Classify each row's text into a fraud type; writes the CSV with fraud_type, score, cues added."""
    from antifraud.warnings.classifier.engine import classify_many

    header, rows = _read_rows(file)
    if column not in header:
        _fail(f"column {column!r} not in {file} (columns: {', '.join(header) or 'none'})")
    at = header.index(column)
    results = classify_many([row[at] if at < len(row) else "" for row in rows])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*header, "fraud_type", "score", "cues"])
    for row, result in zip(rows, results):
        writer.writerow([*row, result.fraud_type, f"{result.score:.4f}", "|".join(result.cues)])


def train_command(
    seed: Annotated[int, typer.Option(help="seed of the synthetic corpus and the solver")] = 7,
) -> None:
    """Regenerate the synthetic corpus, retrain, and overwrite the shipped model."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from antifraud.warnings.classifier.training import train

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("training", total=None)
        report = train(seed, progress=lambda msg: bar.update(task, description=msg))
    if report.holdout is not None:
        console.print(f"held-out families: {report.holdout.line()}")
    console.print(f"model: {report.path} ({report.model_bytes / 1e6:.1f} MB, {report.n_features} n-grams, "
                  f"{report.n_texts} texts, {report.seconds:.0f} s)")
