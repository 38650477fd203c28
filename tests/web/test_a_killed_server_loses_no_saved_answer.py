"""SIGKILL during a burst of filings and partner answers: every 2xx the clients saw survives the restart."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_crash.py"


def _bench_crash():  # type: ignore[no-untyped-def]
    """The crash benchmark's module (benchmarks/ is scripts, not a package)."""
    sys.path.insert(0, str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("bench_crash", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_crash"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_answers_survive_kill_9_with_their_requests_and_audit(database_url: str, tmp_path: Path) -> None:
    results = _bench_crash().run_rounds(database_url, rounds=2, workdir=tmp_path, takers=6, seed=7,
                                        report=lambda line: None)
    assert sum(r.cases for r in results) > 0, "no filing was answered before the kill"
    for r in results:
        assert r.lost == [] and r.duplicated == [] and r.orphans == [] and r.unexpected == []
