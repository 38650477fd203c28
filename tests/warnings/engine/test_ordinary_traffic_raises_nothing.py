"""Ordinary life — family calls, shop payments, bank texts, popular sites — raises no warning."""

from __future__ import annotations

from pathlib import Path

from antifraud.classifier import text_verdicts
from antifraud.lab.warnings.evaluate import load_dataset
from antifraud.simulation import SimulationConfig, write_parquet
from antifraud.warnings.engine import InMemoryIndicatorStore, WarningScorer

from .builders import FRIEND, SHOP_CARD, call, event, scorer, transfer


def test_a_day_of_ordinary_signals_raises_nothing() -> None:
    events = [
        *call(0, FRIEND, 300), *call(60, "+8657982123456", 1900),
        event("sms", 70, "95588", text="【工商银行】您尾号0001卡今日有一笔快捷支付，如有疑问请致电95588。"),
        event("sms", 71, FRIEND, text="晚上回家吃饭吗？"),
        event("visit", 80, "taobao.com", extra={"kind": "domain"}),
        event("visit", 81, "支付宝", extra={"kind": "app"}),
        transfer(82, SHOP_CARD, 120), transfer(90, "6217009999999999999", 600),
        event("transfer", 95, "6217008888888888888", amount_fen=550_000, extra={"direction": "in"}),
        *call(120, "96110", 300),
    ]
    for rules_only in (False, True):
        assert scorer(rules_only=rules_only).observe_many(sorted(events, key=lambda e: e.time)) == []


def test_a_simulated_city_without_fraud_or_look_alikes_raises_no_warning(tmp_path: Path) -> None:
    write_parquet(tmp_path, seed=5, scale=0.01, days=7, config=SimulationConfig(fraud=False, lookalikes=False))
    dataset = load_dataset(tmp_path)
    assert len(dataset.events) > 5_000
    assert WarningScorer(InMemoryIndicatorStore(), text_classifier=text_verdicts).observe_many(dataset.events) == []


def test_look_alikes_without_fraud_raise_at_most_a_few_warnings_per_10000_citizens(tmp_path: Path) -> None:
    """Relatives abroad, couriers on privacy numbers, big honest payments, marketing links: a week of them."""
    write_parquet(tmp_path, seed=5, scale=0.01, days=7, config=SimulationConfig(fraud=False))
    dataset = load_dataset(tmp_path)
    citizens = {e.citizen for e in dataset.events}
    overseas_calls = sum(1 for e in dataset.events if e.kind == "call" and not e.counterpart.startswith("+86"))
    assert overseas_calls > 200  # the look-alikes are there
    out = WarningScorer(InMemoryIndicatorStore(), text_classifier=text_verdicts).observe_many(dataset.events)
    warned = {w.citizen for w in out}
    assert 1e4 * len(warned) / len(citizens) <= 5.0
