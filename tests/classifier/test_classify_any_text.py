"""Whatever text arrives — empty, huge, any Unicode — classification answers and never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antifraud.classifier import Classification, classify, classify_many
from antifraud.core.vocab import FRAUD_TYPES

LABELS = (*FRAUD_TYPES, "none")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _valid(result: Classification) -> None:
    assert result.fraud_type in LABELS
    assert 0.0 <= result.score <= 1.0
    assert 0.0 <= result.fraud_score <= 1.0
    assert all(isinstance(c, str) and c for c in result.cues)


@FAST
@given(st.text())
def test_any_unicode_string(text: str) -> None:
    """Any string of any code points."""
    _valid(classify(text))


@FAST
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), max_size=20))
def test_any_batch(texts: list[str]) -> None:
    """Any batch, including empty texts, gives one valid answer per text."""
    results = classify_many(texts)
    assert len(results) == len(texts)
    for result in results:
        _valid(result)


def test_empty_text_is_none() -> None:
    """Nothing to read: ordinary."""
    assert classify("").fraud_type == "none"
    assert classify("   \n\t ").fraud_type == "none"
    assert classify_many([]) == []


def test_lone_surrogates_and_control_characters() -> None:
    """Broken input from other systems is tolerated."""
    _valid(classify("\ud800安全账户\x00\x1b[0m\ufeff"))


def test_a_100_kb_text() -> None:
    """A long transcript is classified in one piece."""
    text = ("你好，我是公安局的民警，你的账户涉嫌洗钱，需要把钱转到安全账户进行资金核查。" * 3000)[:100_000]
    result = classify(text)
    assert result.fraud_type == "impersonate_authority"


def test_placeholders_and_masks() -> None:
    """Masked numbers, brackets and links are read like the real thing."""
    _valid(classify("【XXX】尊敬的客户，您尾号****的账户于XX月XX日入账XXX元，[链接]"))
