"""A small simulated city (seed 99, scale 0.01, 14 days), written once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from antifraud.lab.warnings.evaluate import Dataset, load_dataset
from antifraud.simulation import write_parquet

SMALL = {"seed": 99, "scale": 0.01, "days": 14}


@pytest.fixture(scope="session")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of a small simulated run the shipped model was not trained on."""
    out = tmp_path_factory.mktemp("warnings-city")
    write_parquet(out, **SMALL)
    return out


@pytest.fixture(scope="session")
def small_dataset(small_city: Path) -> Dataset:
    """The small run as time-ordered engine events."""
    return load_dataset(small_city)
