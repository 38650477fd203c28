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
    shared_phrases,
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


def test_held_out_families_share_no_phrase_with_training() -> None:
    """A held-out family is a script never seen: none of its six-character phrases is in a training family."""
    assert {name: sorted(p) for name, p in shared_phrases().items() if p} == {}


def test_shared_phrases_finds_a_leak() -> None:
    """The overlap check does catch families that draw on one bank of sentences."""
    leaks = shared_phrases(HOLDOUT | {"service_handoff"})
    assert leaks["service_handoff"]


def test_every_focus_label_keeps_a_family_held_out_and_one_in_training() -> None:
    """Generalisation is measured for the four most reported types and `none`, each also trained on."""
    for label in ("none", "impersonate_authority", "fake_loan", "fake_customer_service", "impersonate_acquaintance"):
        names = {f.name for f in families_of(label)}
        assert names & HOLDOUT and names - HOLDOUT, label


def test_ordinary_registers_that_share_fraud_words_are_generated() -> None:
    """Carriers' points, banks' wealth products, estate agents and licensed lenders appear as `none`."""
    corpus = generate(4, {"none": 3000})
    families = {s.family for s in corpus}
    assert {"carrier_points_offer", "bank_wealth_ad", "estate_agent_promo", "licensed_lender_ad"} <= families


def test_anonymised_and_noisy_variants_are_generated() -> None:
    """Some texts carry the capitalised tokens of anonymised corpora, some traditional characters."""
    texts = [s.text for s in generate(5, {label: 200 for label in LABELS})]
    assert sum("NUM" in t or "NAME" in t or "URL" in t for t in texts) > 100
    assert any("賬" in t or "詐" in t or "們" in t for t in texts)
