"""The population file (人口数据): ``district_code,age_band,sex,population``, parsed with every bad row named."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from antifraud.analytics.breakdown import AGE_BANDS, SEXES, PopulationCell

COLUMNS = ("district_code", "age_band", "sex", "population")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class BadRow:
    """A row that was not taken, and why."""

    line: int
    field: str
    reason: str


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Chinese spreadsheets save it."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gb18030")


def parse_population(content: bytes) -> tuple[list[PopulationCell], list[BadRow]]:
    """Cells of the file and its bad rows (line numbers count the header as line 1)."""
    reader = csv.DictReader(io.StringIO(decode(content)))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [BadRow(1, ",".join(missing), "missing column")]
    reader.fieldnames = header
    cells: dict[tuple[str, str, str], PopulationCell] = {}
    bad: list[BadRow] = []
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            bad.append(BadRow(line, "", f"more than {MAX_ROWS} rows"))
            break
        cell = _cell(line, row, bad)
        if cell is None:
            continue
        key = (cell.district, cell.age_band, cell.sex)
        if key in cells:
            bad.append(BadRow(line, "district_code", "the same district, age band and sex appear twice"))
            continue
        cells[key] = cell
    return list(cells.values()), bad


def _cell(line: int, row: dict[str, str | None], bad: list[BadRow]) -> PopulationCell | None:
    district = (row.get("district_code") or "").strip()
    band = (row.get("age_band") or "").strip()
    sex = (row.get("sex") or "").strip().upper()
    count = (row.get("population") or "").strip().replace(",", "")
    if not (len(district) == 6 and district.isascii() and district.isdigit()):
        bad.append(BadRow(line, "district_code", "not a 6-digit division code"))
        return None
    if band not in AGE_BANDS:
        bad.append(BadRow(line, "age_band", f"not one of {', '.join(AGE_BANDS)}"))
        return None
    if sex not in SEXES:
        bad.append(BadRow(line, "sex", "not M or F"))
        return None
    if not (count.isascii() and count.isdigit()) or len(count) > 10:
        bad.append(BadRow(line, "population", "not a whole number ≥ 0"))
        return None
    return PopulationCell(district=district, age_band=band, sex=sex, population=int(count))
