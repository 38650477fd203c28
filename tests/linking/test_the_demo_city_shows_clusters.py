"""The demo's simulated history is linked as it is filed: its gangs' reports form clusters on first start, and
cases filed before linking existed are linked when the demo starts on their database."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import delete

from antifraud.cases import service as cases
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.linking import service
from antifraud.linking.models import ClusterCase
from antifraud.simulation.loader import (
    LoadStats,
    link_earlier_history,
    load_day,
    simulate_days,
    simulated_actors,
)


def test_the_simulated_gangs_reports_form_clusters(engine) -> None:
    end = now() - timedelta(days=800)  # before anything else the suite files
    days = simulate_days(seed=31, scale=0.05, days=12, end=end)
    actors = simulated_actors(engine, seed=31)
    stats = LoadStats()
    filed = [case for day in days for case in load_day(engine, actors, day, 31, end, stats)]
    assert len(filed) > 10
    by_card: dict[str, list[int]] = defaultdict(list)
    for case in filed:
        for ident in case.identifiers:
            if ident.role == "suspect" and ident.kind == "bank_card":
                by_card[ident.value].append(case.id)
    shared = [ids for ids in by_card.values() if len(ids) > 1]
    assert shared, "the simulated gangs reuse their collecting cards"
    with session_scope() as s:
        clusters = [{service.cluster_of_case(s, SYSTEM, i) for i in ids} for ids in shared]
        page = service.list_clusters(s, SYSTEM, limit=500)
    assert all(len(c) == 1 and None not in c for c in clusters)  # each shared card's cases are one cluster
    assert page.total >= 1 and page.items[0].size >= 2
    ids = [c.id for c in filed]
    with session_scope() as s:  # as if filed before linking existed
        s.execute(delete(ClusterCase).where(ClusterCase.case_id.in_(ids)))
    assert link_earlier_history(engine) >= len(ids)
    with session_scope() as s:
        again = [{service.cluster_of_case(s, SYSTEM, i) for i in ids} for ids in shared]
        assert all(len(c) == 1 and None not in c for c in again)
        assert set(cases.case_ids_in_filing_order(s)) >= set(ids)
