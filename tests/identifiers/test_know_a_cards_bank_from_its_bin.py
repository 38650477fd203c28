"""The BIN table shipped with the package: shape, coverage and consistency."""

import csv
from importlib import resources

import pytest

from antifraud.identifiers import BANKS, IdentifierError, bins_for_bank

ROUTED_BANKS = ("ICBC", "ABC", "BOC", "CCB", "BOCOM", "CMB", "PSBC")
SOURCES = {"curated", "cardbin-1.0.0", "datawise-1.0.12"}
OTHER_ISSUERS = ("CITIC", "CEB", "HXB", "CMBC", "CGB", "SPDB", "CIB", "PAB", "BOB", "BOSC",
                 "ZJTLCB", "ZJCZCB", "JHBANK", "ZJNX")


def _rows() -> list[dict[str, str]]:
    text = resources.files("antifraud.identifiers").joinpath("data", "bins.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_columns_are_as_documented() -> None:
    text = resources.files("antifraud.identifiers").joinpath("data", "bins.csv").read_text("utf-8")
    assert text.splitlines()[0] == "bin,length,bank_code,bank_name_zh,bank_name_en,card_type,card_name,source"


def test_every_row_is_well_formed() -> None:
    for row in _rows():
        assert row["bin"].isdigit() and 3 <= len(row["bin"]) <= 10, row
        assert 16 <= int(row["length"]) <= 19, row
        assert row["card_type"] in {"debit", "credit", "semi_credit", "prepaid"}, row
        assert row["bank_name_zh"], row
        assert set(row["source"].split("+")) <= SOURCES, row
        if row["bank_code"]:
            assert BANKS[row["bank_code"]] == (row["bank_name_zh"], row["bank_name_en"])


def test_unionpay_bins_are_at_least_six_digits() -> None:
    # a short 62 prefix would hand every unknown UnionPay card of its range to one bank
    assert all(len(r["bin"]) >= 6 for r in _rows() if r["bin"].startswith("62"))


def test_every_card_type_is_present() -> None:
    assert {r["card_type"] for r in _rows()} == {"debit", "credit", "semi_credit", "prepaid"}


def test_no_prefix_belongs_to_two_issuers() -> None:
    owner: dict[str, str] = {}
    for row in _rows():
        assert owner.setdefault(row["bin"], row["bank_name_zh"]) == row["bank_name_zh"], row


@pytest.mark.parametrize("bank", ROUTED_BANKS)
def test_routed_banks_have_many_debit_and_credit_bins(bank: str) -> None:
    types = [row["card_type"] for row in _rows() if row["bank_code"] == bank]
    assert len(types) >= 20
    assert "debit" in types and "credit" in types


@pytest.mark.parametrize("bank", OTHER_ISSUERS)
def test_other_common_issuers_are_covered(bank: str) -> None:
    assert bins_for_bank(bank)
    assert bank in BANKS


def test_bins_for_bank_lists_debit_first() -> None:
    rows = {(r["bin"], int(r["length"])): r["card_type"] for r in _rows()}
    types = [rows[pair] for pair in bins_for_bank("ICBC")]
    assert types == sorted(types, key=lambda t: t != "debit")


def test_bins_for_an_unknown_bank_is_an_error() -> None:
    with pytest.raises(IdentifierError) as caught:
        bins_for_bank("NOPE")
    assert caught.value.field == "bank_code"
