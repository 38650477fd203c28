"""Parquet sink: one file per stream, ground truth under ``truth/``, the register under ``city/``, a manifest.

Streams are written in row groups as the days go by (``pyarrow.parquet.ParquetWriter``), so a year
at scale 1.0 (tens of millions of rows) is written in bounded memory.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from antifraud.simulation.config import SimulationConfig
from antifraud.simulation.events import LABEL_SCHEMA, REPORT_SCHEMA, SCHEMAS, STREAMS, reports_table
from antifraud.simulation.simulator import DayBatch, Simulation

ROW_GROUP_ROWS = 500_000
CITIZEN_CHUNK = 500_000
COMPRESSION = "zstd"


@dataclass
class Manifest:
    """What a Parquet run contains: parameters, row counts and a SHA-256 digest per file."""

    seed: int
    scale: float
    days: int
    start: str
    counts: dict[str, int]
    files: dict[str, dict[str, object]]
    config: dict[str, object]
    versions: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Return the manifest as indented JSON."""
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True)


class _BufferedWriter:
    """Collects tables and writes them as row groups of about ``ROW_GROUP_ROWS`` rows."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.writer = pq.ParquetWriter(path, schema, compression=COMPRESSION)
        self.schema = schema
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self.pending.append(table)
        self.pending_rows += table.num_rows
        if self.pending_rows >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            table = pa.concat_tables(self.pending).cast(self.schema)
            self.writer.write_table(table, row_group_size=max(table.num_rows, 1))
            self.rows += table.num_rows
            self.pending, self.pending_rows = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_parquet(out_dir: Path | str, seed: int, scale: float = 1.0, days: int = 365,
                  start: datetime | None = None, config: SimulationConfig | None = None,
                  progress: Callable[[DayBatch], None] | None = None) -> Manifest:
    """Simulate and write every stream, the ground truth and the city register under ``out_dir``."""
    out = Path(out_dir)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    (out / "city").mkdir(parents=True, exist_ok=True)
    sim = Simulation(seed, scale, days, start, config)
    writers = {s: _BufferedWriter(out / f"{s}.parquet", SCHEMAS[s]) for s in STREAMS}
    writers["reports"] = _BufferedWriter(out / "reports.parquet", REPORT_SCHEMA)
    writers["truth/labels"] = _BufferedWriter(out / "truth" / "labels.parquet", LABEL_SCHEMA)
    try:
        for batch in sim:
            for stream in STREAMS:
                writers[stream].add(batch.table(stream))
            writers["reports"].add(reports_table(batch.reports))
            writers["truth/labels"].add(batch.labels)
            if progress:
                progress(batch)
    finally:
        for writer in writers.values():
            writer.close()
    counts = {name: w.rows for name, w in writers.items()}
    for name, table in sim.truth().items():
        pq.write_table(table, out / "truth" / f"{name}.parquet", compression=COMPRESSION)
        counts[f"truth/{name}"] = table.num_rows
    counts["city/citizens"] = _write_citizens(sim, out / "city" / "citizens.parquet")
    merchants = sim.city.merchants_table()
    pq.write_table(merchants, out / "city" / "merchants.parquet", compression=COMPRESSION)
    counts["city/merchants"] = merchants.num_rows
    manifest = Manifest(seed, scale, days, sim.start.isoformat(), counts, _digests(out), sim.config.as_dict(),
                        _versions())
    (out / "manifest.json").write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


def _write_citizens(sim: Simulation, path: Path) -> int:
    """Write the population register in chunks; return its row count."""
    city = sim.city
    first = city.citizens_table(0, min(CITIZEN_CHUNK, city.size))
    with pq.ParquetWriter(path, first.schema, compression=COMPRESSION) as writer:
        writer.write_table(first)
        for lo in range(CITIZEN_CHUNK, city.size, CITIZEN_CHUNK):
            writer.write_table(city.citizens_table(lo, min(lo + CITIZEN_CHUNK, city.size)))
    return city.size


def _digests(out: Path) -> dict[str, dict[str, object]]:
    """Return size and SHA-256 of every Parquet file under ``out``."""
    files = {}
    for path in sorted(out.rglob("*.parquet")):
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        files[path.relative_to(out).as_posix()] = {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
    return files


def _versions() -> dict[str, str]:
    """Return versions that decide the exact bytes written."""
    versions = {"python": platform.python_version()}
    for package in ("antifraud", "numpy", "pyarrow", "phonenumbers"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "unknown"
    return versions
