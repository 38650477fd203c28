"""Checking a phone number: E.164, carrier for number blocking, home location (归属地) for warnings."""

import pytest

from antifraud.identifiers import IdentifierError, parse_phone


@pytest.mark.parametrize(("raw", "carrier", "carrier_name"), [
    ("15857912345", "CMCC", "中国移动"),
    ("13735791234", "CMCC", "中国移动"),
    ("13004651234", "CUCC", "中国联通"),
    ("18606791234", "CUCC", "中国联通"),
    ("13305791234", "CTCC", "中国电信"),
    ("18957912345", "CTCC", "中国电信"),
])
def test_jinhua_mobiles_of_each_carrier(raw: str, carrier: str, carrier_name: str) -> None:
    info = parse_phone(raw)
    assert info.e164 == "+86" + raw
    assert info.national == raw
    assert (info.carrier_code, info.carrier_name) == (carrier, carrier_name)
    assert (info.province, info.city) == ("浙江", "金华")
    assert info.country_code == "CN"
    assert info.is_mobile and not info.is_overseas and not info.is_virtual_carrier


def test_china_broadnet_numbers() -> None:
    info = parse_phone("19212345678")
    assert (info.carrier_code, info.carrier_name) == ("CBN", "中国广电")


@pytest.mark.parametrize("raw", [
    "158 5791 2345", "+86 158 5791 2345", "+86-158-5791-2345", "0086 15857912345", "8615857912345",
    "(+86)158-5791-2345", "１５８５７９１２３４５",
])
def test_common_ways_of_writing_a_mobile(raw: str) -> None:
    assert parse_phone(raw).e164 == "+8615857912345"


@pytest.mark.parametrize(("raw", "host"), [
    ("17001234567", "CTCC"), ("17021234567", "CTCC"), ("17031234567", "CMCC"), ("17051234567", "CMCC"),
    ("17041234567", "CUCC"), ("17091234567", "CUCC"), ("17112345678", "CUCC"),
    ("16212345678", "CTCC"), ("16512345678", "CMCC"), ("16712345678", "CUCC"),
])
def test_virtual_carrier_ranges_name_the_host_network(raw: str, host: str) -> None:
    info = parse_phone(raw)
    assert info.is_virtual_carrier
    assert info.carrier_code == host


def test_jinhua_landline_with_area_code() -> None:
    info = parse_phone("0579-82123456")
    assert info.e164 == "+8657982123456"
    assert info.national == "057982123456"
    assert (info.province, info.city) == ("浙江", "金华")
    assert not info.is_mobile
    assert info.carrier_code is None


def test_beijing_landline_is_in_a_municipality() -> None:
    info = parse_phone("010-62345678")
    assert info.e164 == "+861062345678"
    assert (info.province, info.city) == ("北京", "北京")


@pytest.mark.parametrize(("raw", "country"), [
    ("+63 917 123 4567", "PH"), ("+855 12 345 678", "KH"), ("0063 917 123 4567", "PH"),
    ("+852 9123 4567", "HK"),
])
def test_overseas_numbers_are_valid_and_flagged(raw: str, country: str) -> None:
    info = parse_phone(raw)
    assert info.is_overseas
    assert info.country_code == country
    assert info.carrier_code is None
    assert info.province is None and info.city is None


@pytest.mark.parametrize(("raw", "reason"), [
    ("12345", "too short"),
    ("1381234567890123", "too long"),
    ("138-abcd-5678", "only digits"),
    ("call me", "only digits"),
    ("10000000000", "not a valid phone number"),
    ("+999 1234567", "not a valid phone number"),
    ("", "empty"),
])
def test_garbage_is_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_phone(raw, field="victim.phone")
    assert caught.value.field == "victim.phone"
    assert reason in caught.value.reason
