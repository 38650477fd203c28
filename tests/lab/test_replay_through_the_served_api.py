"""The small simulated city through the API, 20 days behind our clock: the warnings the platform
raises score as the engine's do in process."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from antifraud.cases import service as cases
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.lab.warnings.api_replay import replay_served
from antifraud.lab.warnings.evaluate import evaluate, load_dataset, metrics
from antifraud.simulation.loader import answer_requests, simulated_actors


def test_served_warnings_score_as_the_engine_in_process(small_city: Path, api, login, engine) -> None:
    dataset = load_dataset(small_city)
    feeder = login("analyst")
    run = replay_served(api.client, feeder, login("call_taker"), feeder, dataset, shift_days=-20)
    try:
        assert run.accepted == run.posted == len(dataset.events) and not run.rejected
        assert run.cases == len(dataset.reports) and not run.incomplete_read
        served, in_process = metrics(dataset, run.result), evaluate(small_city)
        for key in ("warnings", "true_warnings", "precision", "recall", "fraud_type_accuracy", "median_lead_minutes",
                    "false_warnings_per_10k_innocent"):
            assert served[key] == in_process[key], key
    finally:  # the simulated partners answer the run's requests, so they crowd no later test's queue
        actors = simulated_actors(engine)
        with session_scope() as s:
            for case_id in run.case_ids:
                answer_requests(s, actors, cases.get_case(s, actors.call_taker, case_id), random.Random(case_id),
                                until=now() + timedelta(days=1))
