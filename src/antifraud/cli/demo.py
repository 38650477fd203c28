"""``antifraud demo``: the platform on SQLite with a simulated year of 金华 and a live clock."""

from __future__ import annotations

import typer

from antifraud.cli.serve import refuse_default_secret_off_loopback


def demo(reset: bool = typer.Option(False, "--reset", help="delete the demo database and start over"),
         seed: int = typer.Option(1, help="simulation seed"),
         scale: float = typer.Option(1.0, help="share of Jinhua simulated (1.0 ≈ 14,000 reports a year)"),
         days: int = typer.Option(365, help="days of history"),
         host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
         live: bool = typer.Option(True, help="keep new reports and answers arriving"),
         speed: float = typer.Option(1.0, min=0.01, max=100_000.0,
                                     help="the live clock's pace: 1 = the city's own (≈38 reports a day at "
                                          "scale 1), 60 = an hour of the city each minute")) -> None:
    """Start the platform on SQLite with a simulated year of Jinhua and a live clock."""
    from antifraud.simulation.demo import run_demo

    refuse_default_secret_off_loopback(host)
    run_demo(reset=reset, seed=seed, scale=scale, days=days, host=host, port=port, live=live, speed=speed)
