"""The small simulated city through the API, 20 days behind our clock: the warnings the platform
raises score as the engine's do in process."""

from __future__ import annotations

from pathlib import Path

from antifraud.lab.warnings.api_replay import replay_served
from antifraud.lab.warnings.evaluate import evaluate, load_dataset, metrics


def test_served_warnings_score_as_the_engine_in_process(small_city: Path, api, login) -> None:
    dataset = load_dataset(small_city)
    feeder = login("analyst")
    run = replay_served(api.client, feeder, login("call_taker"), feeder, dataset, shift_days=-20)
    assert run.accepted == run.posted == len(dataset.events) and not run.rejected
    assert run.cases == len(dataset.reports) and not run.incomplete_read
    served, in_process = metrics(dataset, run.result), evaluate(small_city)
    for key in ("warnings", "true_warnings", "precision", "recall", "fraud_type_accuracy", "median_lead_minutes"):
        assert served[key] == in_process[key], key
