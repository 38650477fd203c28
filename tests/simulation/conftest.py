"""Shared small, seeded simulations: built once per test session so the suite stays fast."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pytest

from antifraud.simulation import City, Report, Simulation, SimulationConfig

FRAUD_ONLY = SimulationConfig(background=False)


@dataclass
class Run:
    """A finished simulation with its events gathered per stream."""

    sim: Simulation
    tables: dict[str, pa.Table]
    reports: list[Report]
    labels: pa.Table
    truth: dict[str, pa.Table]


def run(seed: int, scale: float, days: int, config: SimulationConfig | None = None) -> Run:
    """Simulate and gather every day's batch."""
    sim = Simulation(seed, scale, days, config=config)
    parts: dict[str, list[pa.Table]] = {}
    reports: list[Report] = []
    labels = []
    for batch in sim:
        for stream in ("calls", "sms", "transfers", "visits", "signals"):
            parts.setdefault(stream, []).append(batch.table(stream))
        reports.extend(batch.reports)
        labels.append(batch.labels)
    tables = {k: pa.concat_tables(v) for k, v in parts.items()}
    return Run(sim, tables, reports, pa.concat_tables(labels), sim.truth())


@pytest.fixture(scope="session")
def small_city() -> City:
    """A city of about 12,000 residents."""
    return City.generate(seed=11, scale=0.002)


@pytest.fixture(scope="session")
def busy_month() -> Run:
    """A month of everything (background and fraud) in a small slice of the city."""
    return run(seed=5, scale=0.01, days=30)


@pytest.fixture(scope="session")
def fraud_year() -> Run:
    """Fraud alone over 300 days at scale 0.1: a few thousand engaged targets."""
    return run(seed=8, scale=0.1, days=300, config=FRAUD_ONLY)
