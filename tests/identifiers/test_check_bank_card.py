"""Checking a bank card: Luhn, length, and the issuing bank that a stop-payment is routed to."""

import pytest

from antifraud.identifiers import BANKS, IdentifierError, bins_for_bank, luhn_check_digit, parse_bank_card

from .helpers import card_for, luhn_complete

ROUTED_BANKS = ("ICBC", "ABC", "BOC", "CCB", "BOCOM", "CMB", "PSBC")


@pytest.mark.parametrize("bank", ROUTED_BANKS)
def test_cards_of_each_routed_bank_resolve_to_it(bank: str) -> None:
    for bin_prefix, length in bins_for_bank(bank):
        card = parse_bank_card(card_for(bin_prefix, length))
        assert card.bank_code == bank, bin_prefix
        assert card.bank_name_zh == BANKS[bank][0]
        assert len(card.number) == length


@pytest.mark.parametrize(("bin_prefix", "length", "bank", "card_type"), [
    ("622202", 19, "ICBC", "debit"), ("622208", 19, "ICBC", "debit"), ("621226", 19, "ICBC", "debit"),
    ("621558", 19, "ICBC", "debit"), ("955880", 19, "ICBC", "debit"), ("427020", 16, "ICBC", "credit"),
    ("622848", 19, "ABC", "debit"), ("622845", 19, "ABC", "debit"), ("103", 19, "ABC", "debit"),
    ("623052", 19, "ABC", "debit"), ("622836", 16, "ABC", "credit"),
    ("621661", 19, "BOC", "debit"), ("621785", 19, "BOC", "debit"), ("456351", 19, "BOC", "debit"),
    ("601382", 19, "BOC", "debit"), ("622760", 16, "BOC", "credit"),
    ("621700", 19, "CCB", "debit"), ("622700", 19, "CCB", "debit"), ("436742", 19, "CCB", "debit"),
    ("622280", 19, "CCB", "debit"), ("436728", 16, "CCB", "credit"),
    ("622260", 19, "BOCOM", "debit"), ("622262", 19, "BOCOM", "debit"), ("405512", 17, "BOCOM", "debit"),
    ("601428", 17, "BOCOM", "debit"), ("622250", 16, "BOCOM", "credit"),
    ("621483", 16, "CMB", "debit"), ("622588", 16, "CMB", "debit"), ("410062", 16, "CMB", "debit"),
    ("621286", 16, "CMB", "debit"), ("622575", 16, "CMB", "credit"),
    ("621799", 19, "PSBC", "debit"), ("622188", 19, "PSBC", "debit"), ("621098", 19, "PSBC", "debit"),
    ("622150", 19, "PSBC", "debit"), ("625919", 16, "PSBC", "credit"),
])
def test_well_known_bins(bin_prefix: str, length: int, bank: str, card_type: str) -> None:
    card = parse_bank_card(card_for(bin_prefix, length, fill="31415926535897932384"))
    assert (card.bank_code, card.card_type, card.bin) == (bank, card_type, bin_prefix)


def test_spaces_dashes_and_full_width_digits_are_accepted() -> None:
    number = card_for("622848", 19)
    spaced = " ".join(number[i:i + 4] for i in range(0, 19, 4))
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in number)
    assert parse_bank_card(spaced).number == number
    assert parse_bank_card(number[:6] + "-" + number[6:]).number == number
    assert parse_bank_card(full_width).number == number


def test_unknown_bin_is_a_valid_but_unroutable_card() -> None:
    card = parse_bank_card(card_for("411111", 16))
    assert card.bank_code is None
    assert card.bank_name_zh is None
    assert card.card_type is None
    assert card.bin == "411111"


def test_a_card_of_unexpected_length_still_finds_its_bank() -> None:
    card = parse_bank_card(card_for("622202", 16))
    assert card.bank_code == "ICBC"


@pytest.mark.parametrize(("raw", "reason"), [
    ("6222021234567890121", "Luhn"),
    ("622202123456789", "too short"),
    ("62220212345678901234", "too long"),
    ("6222O21234567890128", "only digits"),
    ("", "empty"),
    ("   ", "empty"),
])
def test_bad_cards_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_bank_card(raw, field="cards.0")
    assert caught.value.field == "cards.0"
    assert reason in caught.value.reason


def test_luhn_fails_on_any_single_wrong_digit() -> None:
    good = card_for("621700", 19)
    for i in range(len(good)):
        bad = good[:i] + str((int(good[i]) + 1) % 10) + good[i + 1:]
        with pytest.raises(IdentifierError, match="Luhn"):
            parse_bank_card(bad)


def test_luhn_check_digit_matches_an_independent_computation() -> None:
    for partial in ("7992739871", "62220212345678901", "0", "411111111111111"):
        assert partial + luhn_check_digit(partial) == luhn_complete(partial)


def test_luhn_check_digit_refuses_letters() -> None:
    with pytest.raises(IdentifierError):
        luhn_check_digit("12a4")
