"""``antifraud simulate``: write a synthetic 金华 to Parquet with a progress bar."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from antifraud.simulation.simulator import DayBatch


def simulate_command(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the Parquet files into.")],
    scale: Annotated[float | None, typer.Option("--scale", help="Fraction of Jinhua to simulate (1.0 = whole city; "
                                                "the default; 0.0025 for the dense preset).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives the same files.")] = 1,
    days: Annotated[int | None, typer.Option("--days", help="Number of days to simulate (365; 14 for the dense "
                                             "preset).")] = None,
    preset: Annotated[str, typer.Option("--preset", help="calibrated (the real city's rates), or dense: about "
                                        "15,000 residents a fortnight under heavy fraud and look-alikes "
                                        "(scale and days default to 0.0025 and 14)")] = "calibrated",
    hotspots: Annotated[float, typer.Option("--hotspots-per-month", min=0.0, max=10.0,
                                            help="Hot spots to plant a month (a gang working one county and "
                                            "age band for 2–5 weeks; in truth/hotspots.parquet).")] = 0.0,
) -> None:
    """Generate a synthetic city with fraud and ground truth, and write it as Parquet."""
    from antifraud.simulation.config import DENSE_DAYS, DENSE_SCALE, SimulationConfig
    from antifraud.simulation.parquet import write_parquet

    console = Console()
    if preset not in ("calibrated", "dense"):
        raise typer.BadParameter("calibrated or dense", param_hint="--preset")
    dense = preset == "dense"
    config = SimulationConfig.dense() if dense else SimulationConfig()
    if hotspots:
        config = dataclasses.replace(config, hotspots_per_month=hotspots)
    scale = scale if scale is not None else (DENSE_SCALE if dense else 1.0)
    days = days if days is not None else (DENSE_DAYS if dense else 365)
    if scale <= 0 or days <= 0:
        raise typer.BadParameter("scale and days must be positive")
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("simulating days", total=days, rows=0)
        rows = 0

        def advance(batch: DayBatch) -> None:
            nonlocal rows
            rows += sum(batch.counts.values())
            progress.update(task, advance=1, rows=rows, description=f"simulating {batch.day.isoformat()}")

        manifest = write_parquet(out, seed=seed, scale=scale, days=days, config=config, progress=advance)
    for name in ("transfers", "calls", "sms", "visits", "signals", "reports"):
        console.print(f"{name:>10}: {manifest.counts.get(name, 0):,}")
    console.print(f"written to {out} (manifest.json lists every file with its SHA-256)")
