"""Planted hot spots (高危辖区、高危人群 ground truth): a gang working one county and age band for some weeks.

Each planted hot spot adds engaged targets of one fraud type, all residents of one county in one age band,
on top of the city's usual fraud, from its first day to its last. Its episodes run as any other (a warning
may fire, the citizen may be dissuaded or lose money and report), so what reaches the center is the usual
share of reports; the truth table says where and when each spot was and how many of its victims reported.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from antifraud.core.vocab import FRAUD_TYPES
from antifraud.simulation.city import City
from antifraud.simulation.config import SimulationConfig
from antifraud.simulation.rng import stream_rng

# Ages drawn for a band stay a year inside it, so a victim's age at the report is still in the band.
BANDS: dict[str, tuple[int, int]] = {"18-30": (19, 29), "31-45": (32, 44), "46-60": (47, 59)}
BAND_WEIGHTS = (0.5, 0.3, 0.2)


@dataclass
class PlantedHotspot:
    """One gang's burst in one county × age band × fraud type over ``[start_day, end_day)``."""

    hotspot_id: str
    district_code: str
    age_band: str
    fraud_type: str
    start_day: int
    end_day: int
    engaged_per_day: float
    residents: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))
    episodes: list[str] = field(default_factory=list)

    def active(self, day: int) -> bool:
        """Whether the gang works the spot on this day of the window."""
        return self.start_day <= day < self.end_day


def plant(city: City, config: SimulationConfig, seed: int, days: int) -> list[PlantedHotspot]:
    """The window's hot spots: about ``hotspots_per_month`` a month, never two on one county and type at once."""
    if config.hotspots_per_month <= 0 or days <= 0:
        return []
    rng = stream_rng(seed, "hotspots")
    count = int(rng.poisson(config.hotspots_per_month * days / 30.0))
    pick = random.Random(int(rng.integers(1 << 62)))
    shortest, longest = config.hotspot_days
    spots: list[PlantedHotspot] = []
    for i in range(count):
        for _ in range(50):
            length = min(days, pick.randint(shortest, longest))
            start = pick.randint(0, days - length)
            division = pick.randrange(len(city.division_codes))
            band = pick.choices(tuple(BANDS), weights=BAND_WEIGHTS)[0]
            fraud_type = pick.choice(FRAUD_TYPES)
            code = city.division_codes[division]
            clash = any(s.district_code == code and s.fraud_type == fraud_type and start < s.end_day
                        and s.start_day < start + length for s in spots)
            if clash:
                continue
            lo, hi = BANDS[band]
            residents = np.flatnonzero((city.division == division) & (city.age >= lo) & (city.age <= hi))
            if len(residents) < 100:
                continue
            spots.append(PlantedHotspot(f"H{i + 1:03d}", code, band, fraud_type, start, start + length,
                                        config.hotspot_engaged_per_day, residents))
            break
    return sorted(spots, key=lambda s: (s.start_day, s.hotspot_id))
