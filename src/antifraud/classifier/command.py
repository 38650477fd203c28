"""Command-line entry point: classify a CSV column."""

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
    from antifraud.classifier.engine import classify_many

    header, rows = _read_rows(file)
    if column not in header:
        _fail(f"column {column!r} not in {file} (columns: {', '.join(header) or 'none'})")
    at = header.index(column)
    results = classify_many([row[at] if at < len(row) else "" for row in rows])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*header, "fraud_type", "score", "cues"])
    for row, result in zip(rows, results):
        writer.writerow([*row, result.fraud_type, f"{result.score:.4f}", "|".join(result.cues)])
