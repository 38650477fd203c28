"""Command-line entry point: regenerate the corpus and retrain the shipped text model."""

from __future__ import annotations

from typing import Annotated

import typer


def train_command(
    seed: Annotated[int, typer.Option(help="seed of the synthetic corpus and the solver")] = 7,
) -> None:
    """Regenerate the synthetic corpus, retrain, and overwrite the shipped model."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from antifraud.lab.classifier.training import train

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("training", total=None)
        report = train(seed, progress=lambda msg: bar.update(task, description=msg))
    if report.holdout is not None:
        console.print(f"held-out families: {report.holdout.line()}")
    console.print(f"model: {report.path} ({report.model_bytes / 1e6:.1f} MB, {report.n_features} n-grams, "
                  f"{report.n_texts} texts, {report.seconds:.0f} s)")
