"""Looking up a card's issuer: longest prefix, card lengths, co-branded and UnionPay BINs, the center's rows."""

from __future__ import annotations

import random

from antifraud.identifiers import parse_bank_card
from antifraud.identifiers.bankcards import BinEntry, lookup_bin, overlay_entries, set_overlay
from tests.identifiers.bin_helpers import card_under


def test_a_longer_prefix_wins_over_a_shorter_one() -> None:
    rng = random.Random(1)
    before = overlay_entries()
    try:
        set_overlay(before + (BinEntry("62220299", 0, "CMB", "招商银行", "China Merchants Bank", "debit",
                                       source="import"),))
        assert parse_bank_card(card_under("62220299", rng)).bank_code == "CMB"
        assert parse_bank_card(card_under("62220298", rng)).bank_code == "ICBC"  # the shipped 622202
    finally:
        set_overlay(before)


def test_the_centers_row_replaces_a_shipped_row_of_the_same_prefix_but_not_a_longer_one() -> None:
    rng = random.Random(2)
    before = overlay_entries()
    try:
        set_overlay(before + (BinEntry("622202", 0, "BOC", "中国银行", "Bank of China", "debit", source="import"),))
        card = parse_bank_card(card_under("622202", rng))
        assert (card.bank_code, card.source) == ("BOC", "import")
    finally:
        set_overlay(before)
    assert parse_bank_card(card_under("622202", rng)).bank_code == "ICBC"


def test_a_row_of_the_cards_own_length_is_preferred() -> None:
    rng = random.Random(3)
    before = overlay_entries()
    try:
        set_overlay(before + (BinEntry("6899001", 16, "CCB", "中国建设银行", "", "credit", source="import"),
                              BinEntry("6899001", 19, "CCB", "中国建设银行", "", "debit", source="import")))
        assert parse_bank_card(card_under("6899001", rng, 16)).card_type == "credit"
        assert parse_bank_card(card_under("6899001", rng, 19)).card_type == "debit"
        assert parse_bank_card(card_under("6899001", rng, 18)).card_type in ("credit", "debit")
    finally:
        set_overlay(before)


def test_visa_mastercard_and_jcb_cards_of_chinese_banks_are_known_as_credit_cards() -> None:
    rng = random.Random(4)
    for prefix, bank in (("427062", "ICBC"), ("512412", "BOC"), ("356895", "CCB"), ("545619", "CMB")):
        card = parse_bank_card(card_under(prefix, rng, 16))
        assert (card.bank_code, card.card_type) == (bank, "credit"), prefix


def test_semi_credit_and_prepaid_cards_are_told_apart() -> None:
    rng = random.Random(5)
    assert parse_bank_card(card_under("622212", rng, 16)).card_type == "semi_credit"  # 牡丹准贷记卡
    assert parse_bank_card(card_under("620054", rng, 19)).card_type == "prepaid"  # 工行布鲁塞尔分行预付卡


def test_a_city_bank_card_is_known_by_name_without_a_partner_code() -> None:
    card = parse_bank_card(card_under("621775", random.Random(6)))  # 徽商银行借记卡
    assert card.bank_name_zh == "徽商银行"
    card = parse_bank_card(card_under("623199", random.Random(6)))  # 凉山州商业银行
    assert card.bank_name_zh == "凉山州商业银行" and card.bank_code is None


def test_a_village_bank_named_after_a_big_bank_is_not_that_bank() -> None:
    card = parse_bank_card(card_under("621230", random.Random(7)))
    assert card.bank_name_zh == "浙江平湖工银村镇银行" and card.bank_code is None
    card = parse_bank_card(card_under("621356002", random.Random(7)))
    assert card.bank_name_zh == "京山中银富登村镇银行" and card.bank_code is None


def test_an_unknown_unionpay_card_is_not_guessed_into_a_partner_bank() -> None:
    rng = random.Random(8)
    unknown = [p for p in (f"62{n:04d}" for n in range(10_000)) if lookup_bin(p + "0" * 13) is None]
    assert len(unknown) > 1000  # many UnionPay prefixes are not in any public list
    for prefix in rng.sample(unknown, 200):
        card = parse_bank_card(card_under(prefix, rng))
        assert card.bank_code is None and card.bank_name_zh is None, prefix
