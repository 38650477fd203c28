"""``antifraud analytics``: evaluate the high-risk district and group detector on simulated cities.

The command runs the lab; it is imported only when the command runs, so serving never loads it.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(help="Analysis (研判): the high-risk detector's evaluation.", no_args_is_help=True)


@app.command("evaluate", help="Plant hot spots in a simulated city and report the detector's recall and "
                              "false alarms per month.")
def evaluate_command(
    seeds: Annotated[list[int] | None, typer.Option(
        "--seed", help="The simulated city's seed, repeatable to pool several (tuning used seeds 1–5).")] = None,
    months: Annotated[int, typer.Option("--months", min=1, max=24, help="Months simulated (30 days each).")] = 6,
    scale: Annotated[float, typer.Option("--scale", min=0.01, max=1.0, help="Share of Jinhua simulated.")] = 0.2,
    per_month: Annotated[float, typer.Option("--per-month", min=0.0, max=10.0,
                                             help="Hot spots planted a month, on average.")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Simulate, detect every day over the last 14 days, and compare with the planted ground truth."""
    from rich.console import Console

    from antifraud.lab.hotspots.evaluate import evaluate_seeds, format_result

    with Console(stderr=True).status("simulating the city and detecting day by day …"):
        result = evaluate_seeds(seeds or [2027], months, scale, per_month)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_result(result))
