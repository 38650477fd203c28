"""Fraud types, banks, carriers and trace rules read the same on every page, schema, engine and in the
simulator: each comes from the one vocabulary."""

from __future__ import annotations

from typing import get_args

import pytest

from antifraud.cases.schemas import Education, FraudType, Occupation
from antifraud.classifier.engine import default_classifier
from antifraud.classifier.lexicon import GROUPS
from antifraud.core import vocab
from antifraud.identifiers import BANKS as BIN_BANKS
from antifraud.identifiers import parse_phone
from antifraud.orgs.seed import seed_organizations
from antifraud.simulation import config, people
from antifraud.ui.i18n import label, options


def test_a_case_accepts_exactly_the_vocabulary() -> None:
    assert get_args(FraudType) == vocab.FRAUD_TYPES
    assert get_args(Occupation) == vocab.OCCUPATIONS
    assert get_args(Education) == vocab.EDUCATION_LEVELS
    assert len(vocab.FRAUD_TYPES) == 12 and vocab.FRAUD_TYPES[-1] == "other"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_the_vocabularys_labels(lang: str) -> None:
    column = 0 if lang == "zh" else 1
    for group, table in (("fraud_type", vocab.FRAUD_TYPE_LABELS), ("rule", vocab.TRACE_RULE_LABELS),
                         ("occupation", vocab.OCCUPATION_LABELS), ("education", vocab.EDUCATION_LABELS)):
        assert list(options(group, lang)) == list(table)
        for code, names in table.items():
            assert label(group, code, lang) == names[column]
    assert label("fraud_type", "game_trading", "zh") == "网络游戏虚假交易"


def test_the_classifier_and_the_simulator_speak_the_same_types() -> None:
    assert GROUPS[:len(vocab.FRAUD_TYPES)] == vocab.FRAUD_TYPES
    assert set(default_classifier().model.classes) == {*vocab.FRAUD_TYPES, "none"}
    assert config.FRAUD_TYPES is vocab.FRAUD_TYPES
    assert len(config.FRAUD_TYPE_SHARES) == len(vocab.FRAUD_TYPES)


def test_the_simulated_people_use_the_vocabularys_names() -> None:
    for code, zh in people.OCCUPATIONS:
        assert vocab.OCCUPATION_LABELS[code][0] == zh
    for code, zh in people.EDUCATION:
        assert vocab.EDUCATION_LABELS[code][0] == zh
    assert dict(people.OCCUPATIONS)["retiree"] == "离退休人员"


def test_partner_banks_and_carriers_are_seeded_and_known_to_the_identifiers() -> None:
    seeded = {o.code: o for o in seed_organizations()}
    for partner in (*vocab.BANKS, *vocab.CARRIERS):
        org = seeded[partner.code]
        assert (org.name_zh, org.name_en) == (partner.name_zh, partner.name_en)
    for bank in vocab.BANKS:
        assert BIN_BANKS[bank.code] == (bank.name_zh, bank.name_en)
    assert config.BANKS == vocab.BANK_CODES
    phone = parse_phone("13800138000")
    assert (phone.carrier_code, phone.carrier_name) == ("CMCC", vocab.CARRIERS[0].name_zh)
