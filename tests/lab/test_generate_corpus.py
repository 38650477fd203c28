"""The synthetic corpus: every label, many scenario families, deterministic, held-out families apart."""

from __future__ import annotations

from collections import Counter

from antifraud.lab.classifier.corpus import (
    FAMILIES,
    HOLDOUT,
    LABELS,
    families_of,
    generate,
    holdout_split,
)

SIZES = {label: 60 for label in LABELS}


def test_same_seed_same_corpus() -> None:
    """Generation depends on the seed only."""
    assert generate(5, SIZES) == generate(5, SIZES)
    assert generate(5, SIZES) != generate(6, SIZES)


def test_every_label_has_families_and_texts() -> None:
    """All 12 fraud types and `none`, each with the requested number of texts."""
    counts = Counter(s.label for s in generate(1, SIZES))
    assert set(counts) == set(LABELS)
    assert all(n == 60 for n in counts.values())
    assert len(families_of("none")) >= 20
    for label in ("impersonate_authority", "fake_loan", "fake_customer_service", "impersonate_acquaintance"):
        assert len(families_of(label)) >= 4


def test_family_names_are_unique_and_holdout_exists() -> None:
    """Held-out families are real family names."""
    names = [f.name for f in FAMILIES]
    assert len(names) == len(set(names))
    assert HOLDOUT <= set(names)


def test_holdout_split_keeps_families_apart() -> None:
    """No held-out family is trained on; the test part has only held-out families."""
    train, test = holdout_split(2, SIZES)
    assert not {s.family for s in train} & HOLDOUT
    assert {s.family for s in test} <= HOLDOUT


def test_forms_and_lengths_vary() -> None:
    """Messages, dialogues and narratives; short and long texts."""
    corpus = generate(3, {label: 200 for label in LABELS})
    assert {s.form for s in corpus} == {"message", "dialogue", "narrative"}
    lengths = [len(s.text) for s in corpus]
    assert min(lengths) <= 10 and max(lengths) >= 150
