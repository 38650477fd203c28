"""Division names and the Jinhua county list used to seed the police hierarchy."""

from antifraud.identifiers import JINHUA_DIVISIONS, division_name
from antifraud.identifiers.divisions import PROVINCES, ZHEJIANG_CITIES, resolve_division, split_place


def test_thirty_one_provinces() -> None:
    assert len(PROVINCES) == 31
    assert PROVINCES["33"] == ("浙江省", "Zhejiang")


def test_zhejiang_has_eleven_cities_with_jinhua_at_3307() -> None:
    assert [c.code for c in ZHEJIANG_CITIES] == [f"33{n:02d}00" for n in range(1, 12)]
    jinhua = next(c for c in ZHEJIANG_CITIES if c.code == "330700")
    assert jinhua.name_zh == "金华市"


def test_jinhua_counties_add_up_to_the_city() -> None:
    assert sorted(d.code for d in JINHUA_DIVISIONS) == [
        "330702", "330703", "330723", "330726", "330727", "330781", "330782", "330783", "330784"]
    total = sum(d.population_2020 for d in JINHUA_DIVISIONS)
    assert abs(total - 7_050_683) < 1_000
    yiwu = next(d for d in JINHUA_DIVISIONS if d.code == "330782")
    assert (yiwu.name_zh, yiwu.name_en) == ("义乌市", "Yiwu")
    assert 1_800_000 < yiwu.population_2020 < 1_900_000


def test_division_names() -> None:
    assert division_name("330782") == "浙江省金华市义乌市"
    assert division_name("330700") == "浙江省金华市"
    assert division_name("330000") == "浙江省"
    assert division_name("440300") == "广东省深圳市"
    assert division_name("990000") is None
    assert division_name("33") is None


def test_province_directly_governed_city() -> None:
    place = resolve_division("429004")
    assert place is not None
    assert (place.province, place.city, place.district) == ("湖北", "仙桃", "仙桃市")


def test_split_place_texts() -> None:
    assert split_place("浙江省金华市") == ("浙江", "金华")
    assert split_place("北京市") == ("北京", "北京")
    assert split_place("内蒙古锡林郭勒盟") == ("内蒙古", "锡林郭勒")
    assert split_place("云南省大理白族自治州") == ("云南", "大理")
    assert split_place("中国") == (None, None)
