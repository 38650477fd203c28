"""Synthetic 金华: a seeded city with background life, fraud gangs and ground truth (no database).

Use ``City.generate(seed, scale)`` for the population, ``simulate(seed, scale, days, start)`` for
day-by-day event batches, and ``write_parquet(out_dir, seed, scale, days)`` for files on disk
(``antifraud simulate``, in `antifraud.cli.simulate`).
"""

from antifraud.simulation.city import Citizen, City
from antifraud.simulation.config import DEFAULT_START, FRAUD_TYPES, SimulationConfig, expected_reports_per_day
from antifraud.simulation.events import (
    Call,
    Report,
    ReportedTransfer,
    Signal,
    Sms,
    Transfer,
    Visit,
    reports_table,
)
from antifraud.simulation.parquet import Manifest, write_parquet
from antifraud.simulation.simulator import DayBatch, Simulation, simulate

__all__ = [
    "DEFAULT_START",
    "FRAUD_TYPES",
    "Call",
    "Citizen",
    "City",
    "DayBatch",
    "Manifest",
    "Report",
    "ReportedTransfer",
    "Signal",
    "Simulation",
    "SimulationConfig",
    "Sms",
    "Transfer",
    "Visit",
    "expected_reports_per_day",
    "reports_table",
    "simulate",
    "write_parquet",
]
