"""The same signals give the same warnings, one by one or in batches."""

from __future__ import annotations

from antifraud.classifier import text_verdicts
from antifraud.lab.warnings.evaluate import Dataset, replay
from antifraud.warnings.engine import InMemoryIndicatorStore, WarningScorer


def _run(dataset: Dataset) -> list:
    result = replay(dataset, lambda store: WarningScorer(store, text_classifier=text_verdicts))
    return result.warnings + result.updates


def test_two_replays_give_the_same_warnings(small_dataset: Dataset) -> None:
    first, second = _run(small_dataset), _run(small_dataset)
    assert first and first == second


def test_one_by_one_equals_batches(small_dataset: Dataset) -> None:
    events = small_dataset.events
    store = InMemoryIndicatorStore()
    for report in small_dataset.reports[: len(small_dataset.reports) // 2]:
        store.learn_report(report)
    batch = WarningScorer(store, text_classifier=text_verdicts).observe_many(events)
    single = WarningScorer(store, text_classifier=text_verdicts)
    one_by_one = [c for c in (single.observe(e) for e in events) if c is not None]
    assert batch == one_by_one
    chunked = WarningScorer(store, text_classifier=text_verdicts)
    in_chunks = [c for i in range(0, len(events), 997) for c in chunked.observe_many(events[i:i + 997])]
    assert in_chunks == batch
