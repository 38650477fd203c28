"""In English, banks and carriers are named in English and the routing reasons read in English; in Chinese, Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from antifraud.cases.pages import enrichment_text, routing_reason_text
from antifraud.settings import reset_settings


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ANTIFRAUD_DEFAULT_LANGUAGE", "en")
    reset_settings()
    yield
    monkeypatch.undo()
    reset_settings()


def test_english_names_partners_in_english(english: None) -> None:
    card = enrichment_text("bank_card", {"bank_code": "ICBC", "bank_name": "中国工商银行", "card_type": "debit"})
    assert card.startswith("Industrial and Commercial Bank of China ICBC")
    phone = enrichment_text("phone", {"carrier_code": "CMCC", "carrier_name": "中国移动", "province": "浙江"})
    assert phone.startswith("China Mobile")
    assert routing_reason_text("overseas number: no domestic carrier") == "overseas number: no domestic carrier"
    assert routing_reason_text("no work platform for issuer 'HZB'") == "issuer HZB has no work platform"


def test_chinese_names_partners_in_chinese() -> None:
    assert enrichment_text("bank_card", {"bank_code": "ICBC", "bank_name": "中国工商银行"}).startswith("中国工商银行")
    assert routing_reason_text("overseas number: no domestic carrier") == "境外号码：无境内运营商可接收"
    assert routing_reason_text("routed by analyst1 to BOC") == "由 analyst1 人工分派至 BOC"
    assert routing_reason_text("something new") == "something new"
