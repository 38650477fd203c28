"""``antifraud warnings``: evaluate and train the early-warning scoring on simulated cities.

Both commands run the lab; it is imported only when one of them runs, so serving never loads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Early-warning scoring.", no_args_is_help=True)

# The lab's training defaults (antifraud.lab.warnings.train.TRAIN_SCALE, TRAIN_DAYS), written out so
# that building the command line does not import the lab; a test keeps the two equal.
TRAIN_SCALE = 0.02
TRAIN_DAYS = 60


@app.command("evaluate", help="Score a simulated dataset the model never saw; print the figures.")
def evaluate_command(
    data: Annotated[Path, typer.Option("--data", help="Directory written by `antifraud simulate`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    sight: Annotated[str, typer.Option("--sight", help="full, or partial: each citizen's calls, transfers "
                                       "and visits seen only in part, as carriers and banks each see theirs")] = "full",
) -> None:
    """Replay a simulated dataset through the warning engine and print precision, recall and speed."""
    if sight not in ("full", "partial"):
        raise typer.BadParameter("full or partial", param_hint="--sight")
    if not (data / "manifest.json").exists():
        raise typer.BadParameter(f"{data} has no manifest.json; write one with `antifraud simulate`")
    from rich.console import Console

    from antifraud.lab.warnings.evaluate import evaluate, format_metrics

    with Console(stderr=True).status("replaying the run through the engine …"):
        result = evaluate(data, sight=sight)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_metrics(result))


@app.command("train", help="Train the warning model on simulated ground truth (deterministic).")
def train_command(
    seed: Annotated[int, typer.Option("--seed", help="First training seed; seeds seed..seed+2 are used.")] = 1,
    scale: Annotated[float, typer.Option("--scale", help="Fraction of the city to simulate per seed.")] = TRAIN_SCALE,
    days: Annotated[int, typer.Option("--days", help="Days simulated per seed.")] = TRAIN_DAYS,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: shipped).")] = None,
) -> None:
    """Train the warning model on simulated ground truth and save it (deterministic for the seeds)."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    seeds = (seed, seed + 1, seed + 2)
    if 99 in seeds:
        raise typer.BadParameter("seed 99 is kept for evaluation")
    from antifraud.lab.warnings.train import train

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()) as progress:
        task = progress.add_task("training", total=len(seeds) + 3)
        steps = 0

        def step(message: str) -> None:
            nonlocal steps  # each message starts a step and closes the one before
            progress.update(task, description=message, advance=1 if steps else 0)
            steps += 1

        _, meta = train(seeds, scale, days, out, log=step)
        progress.update(task, completed=len(seeds) + 3)
    typer.echo(json.dumps(meta, ensure_ascii=False, indent=2))
