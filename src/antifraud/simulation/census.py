"""The simulated city's census (人口数据): residents by district × age band × sex, as the center imports it."""

from __future__ import annotations

import numpy as np

from antifraud.simulation.city import City

AGE_EDGES = (18, 31, 46, 61)  # bands 0-17, 18-30, 31-45, 46-60, 61+
BAND_NAMES = ("0-17", "18-30", "31-45", "46-60", "61+")
MALE_SHARE = 0.515


def census_rows(city: City) -> list[tuple[str, str, str, int]]:
    """(district_code, age_band, sex, population) of every resident of the city.

    The city's residents are the adults who carry a phone and a card (16+); the census adds the rest of
    each division's people (children, mostly) to the 0-17 band, so the totals are the divisions' own.
    """
    band = np.searchsorted(np.array(AGE_EDGES), city.age, side="right")
    counts = np.zeros((len(city.division_codes), len(BAND_NAMES), 2), dtype=np.int64)
    np.add.at(counts, (city.division.astype(np.int64), band, (~city.male).astype(np.int64)), 1)
    from antifraud.identifiers.divisions import JINHUA_DIVISIONS

    populations = {d.code: d.population_2020 for d in JINHUA_DIVISIONS}
    rows = []
    for i, code in enumerate(city.division_codes):
        others = max(0, round(populations.get(code, 0) * city.scale) - int(counts[i].sum()))
        boys = round(others * MALE_SHARE)
        counts[i, 0, 0] += boys
        counts[i, 0, 1] += others - boys
        for b, name in enumerate(BAND_NAMES):
            rows.append((code, name, "M", int(counts[i, b, 0])))
            rows.append((code, name, "F", int(counts[i, b, 1])))
    return rows


def census_csv(city: City) -> bytes:
    """The census as the population file ``antifraud population import`` reads."""
    lines = ["district_code,age_band,sex,population"]
    lines += [f"{code},{band},{sex},{n}" for code, band, sex, n in census_rows(city)]
    return ("\n".join(lines) + "\n").encode()
