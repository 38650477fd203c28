"""Generating the city: residents carry identifiers the platform's own validators accept."""

from __future__ import annotations

import numpy as np

from antifraud.identifiers import parse_bank_card, parse_phone, parse_resident_id
from antifraud.identifiers.divisions import JINHUA_DIVISIONS
from antifraud.simulation import City
from antifraud.simulation.city import ID_CODE_LINEAGE, id_code_for
from antifraud.simulation.config import BANKS, SimulationConfig
from antifraud.simulation.numbering import JINHUA_ZH, mobile_prefixes


def _sample(city: City, n: int = 400) -> list[int]:
    return list(range(0, city.size, max(1, city.size // n)))


def test_resident_ids_parse_with_their_district_birth_date_and_sex(small_city: City) -> None:
    for i in _sample(small_city):
        person = small_city.citizen(i)
        parsed = parse_resident_id(person.id_number)
        assert parsed.division_code == person.division_code
        assert parsed.birth_date == person.birth_date
        assert parsed.sex == ("M" if person.sex == "male" else "F")
        assert parsed.city == "金华"


def test_resident_ids_are_unique(small_city: City) -> None:
    ids = small_city.id_numbers(np.arange(small_city.size)).to_pylist()
    assert len(set(ids)) == small_city.size


def test_phones_of_locals_are_homed_in_jinhua_and_a_tenth_come_from_elsewhere(small_city: City) -> None:
    cities = []
    for i in _sample(small_city, 600):
        person = small_city.citizen(i)
        info = parse_phone(person.phone)
        assert info.is_mobile and not info.is_virtual_carrier and not info.is_overseas
        if small_city.local_phone[i]:
            assert info.city == "金华"
        cities.append(info.city)
    elsewhere = sum(c != "金华" for c in cities) / len(cities)
    assert 0.06 <= elsewhere <= 0.14
    assert len(set(small_city.phone.tolist())) == small_city.size


def test_cards_resolve_to_one_of_the_seven_banks(small_city: City) -> None:
    for i in _sample(small_city):
        person = small_city.citizen(i)
        card = parse_bank_card(person.card)
        assert card.bank_code == person.bank and card.bank_code in BANKS
        assert card.card_type == "debit"
    assert len(set(small_city.card.tolist())) == small_city.size


def test_residents_are_spread_over_the_nine_divisions_by_census_population(small_city: City) -> None:
    pops = {d.code: d.population_2020 for d in JINHUA_DIVISIONS}
    total = sum(pops.values())
    counts = np.bincount(small_city.division, minlength=9)
    for code, count in zip(small_city.division_codes, counts, strict=True):
        assert abs(count / small_city.size - pops[code] / total) < 0.02


def test_yiwu_has_the_most_ecommerce_workers(small_city: City) -> None:
    from antifraud.simulation.people import OCC

    yiwu = small_city.division_codes.index("330782")
    ecommerce = small_city.occupation == OCC["ecommerce"]
    share = [ecommerce[small_city.division == d].mean() for d in range(9)]
    assert int(np.argmax(share)) == yiwu


def test_shipped_jinhua_prefixes_still_resolve_to_jinhua() -> None:
    import phonenumbers
    from phonenumbers import geocoder

    jinhua = [p for p in mobile_prefixes() if p.pool == "jinhua"]
    assert len(jinhua) > 1000
    for p in jinhua[::7]:
        number = phonenumbers.parse(f"+86{p.prefix}0000")
        assert phonenumbers.is_valid_number(number)
        assert geocoder.description_for_number(number, "zh") == JINHUA_ZH


def test_historical_id_codes_follow_the_county_lineage() -> None:
    city = City.generate(seed=3, scale=0.0005, config=SimulationConfig(historical_id_codes=True))
    for i in range(0, city.size, 7):
        person = city.citizen(i)
        parsed = parse_resident_id(person.id_number)
        assert parsed.division_code == id_code_for(person.division_code, person.birth_date.year)
        assert parsed.division_code in {code for _, code in ID_CODE_LINEAGE[person.division_code]}


def test_same_seed_gives_the_same_city() -> None:
    a, b = City.generate(seed=4, scale=0.0005), City.generate(seed=4, scale=0.0005)
    assert np.array_equal(a.card, b.card) and np.array_equal(a.phone, b.phone)
    c = City.generate(seed=5, scale=0.0005)
    assert not np.array_equal(a.phone[:100], c.phone[:100])
