"""Reading a resident ID: check digit, birth date, age, sex and home division."""

from datetime import date

import pytest

from antifraud.identifiers import IdentifierError, parse_resident_id

from .helpers import resident_id

TODAY = date(2024, 6, 1)


def test_valid_yiwu_id() -> None:
    number = resident_id("330782", "19900315", "123")
    rid = parse_resident_id(number, today=TODAY)
    assert rid.number == number
    assert rid.birth_date == date(1990, 3, 15)
    assert rid.age == 34
    assert rid.sex == "M"
    assert rid.division_code == "330782"
    assert rid.division_name == "浙江省金华市义乌市"
    assert (rid.province, rid.city, rid.district) == ("浙江", "金华", "义乌市")


@pytest.mark.parametrize(("division", "district"), [
    ("330702", "婺城区"), ("330703", "金东区"), ("330723", "武义县"), ("330726", "浦江县"),
    ("330727", "磐安县"), ("330781", "兰溪市"), ("330783", "东阳市"), ("330784", "永康市"),
])
def test_every_jinhua_district(division: str, district: str) -> None:
    rid = parse_resident_id(resident_id(division, "19850101", "002"), today=TODAY)
    assert rid.district == district
    assert rid.city == "金华"
    assert rid.sex == "F"


def test_age_counts_whole_years() -> None:
    number = resident_id("330782", "20000602", "001")
    assert parse_resident_id(number, today=date(2024, 6, 1)).age == 23
    assert parse_resident_id(number, today=date(2024, 6, 2)).age == 24


def test_lower_case_x_and_spaces_are_accepted() -> None:
    number = next(n for seq in range(1000)
                  if (n := resident_id("330702", "19781231", f"{seq:03d}")).endswith("X"))
    spaced = f"{number[:6]} {number[6:14]} {number[14:-1]}x"
    assert parse_resident_id(spaced, today=TODAY).number == number


def test_old_fifteen_digit_id_is_upgraded() -> None:
    rid = parse_resident_id("330782850101123", today=TODAY)
    assert rid.number == resident_id("330782", "19850101", "123")
    assert rid.birth_date == date(1985, 1, 1)


def test_other_provinces_and_municipalities() -> None:
    beijing = parse_resident_id(resident_id("110101", "19700101", "011"), today=TODAY)
    assert (beijing.province, beijing.city, beijing.district) == ("北京", "北京", "东城区")
    assert beijing.division_name == "北京市东城区"


def test_unknown_county_in_a_known_province_is_valid() -> None:
    rid = parse_resident_id(resident_id("330799", "19900101", "001"), today=TODAY)
    assert (rid.province, rid.city, rid.district) == ("浙江", "金华", None)


@pytest.mark.parametrize(("number", "reason"), [
    (resident_id("330782", "19900230", "123"), "invalid birth date"),
    (resident_id("330782", "19901301", "123"), "invalid birth date"),
    (resident_id("330782", "20250101", "123"), "birth date in the future"),
    (resident_id("990782", "19900101", "123"), "unknown administrative division"),
    ("3307821990010112", "18 characters"),
    ("33078219900101123A", "digits"),
    ("", "empty"),
])
def test_bad_ids_are_refused_with_a_reason(number: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(number, field="victim.id_number", today=TODAY)
    assert caught.value.field == "victim.id_number"
    assert reason in caught.value.reason


def test_wrong_check_digit() -> None:
    good = resident_id("330782", "19900315", "123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(IdentifierError, match="wrong check digit"):
        parse_resident_id(bad, today=TODAY)


def test_today_defaults_to_china_time() -> None:
    assert parse_resident_id(resident_id("330782", "19900315", "123")).age >= 34
