"""Administrative divisions (行政区划, GB/T 2260): province, city and county names by code.

Own tables cover every province, Zhejiang's cities, Jinhua's counties and the provincial capitals;
other county and city names come from python-stdnum's offline copy of the code list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Division:
    """A city or county-level division with its 2020 census resident population (七普常住人口)."""

    code: str
    name_zh: str
    name_en: str
    population_2020: int


@dataclass(frozen=True)
class Place:
    """Where a division code points: full name, short province and city names, full district name."""

    code: str
    name: str
    province: str
    city: str | None
    district: str | None


#: Two-digit code -> (Chinese name, English name) of the 31 mainland province-level divisions.
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("北京市", "Beijing"), "12": ("天津市", "Tianjin"), "13": ("河北省", "Hebei"),
    "14": ("山西省", "Shanxi"), "15": ("内蒙古自治区", "Inner Mongolia"), "21": ("辽宁省", "Liaoning"),
    "22": ("吉林省", "Jilin"), "23": ("黑龙江省", "Heilongjiang"), "31": ("上海市", "Shanghai"),
    "32": ("江苏省", "Jiangsu"), "33": ("浙江省", "Zhejiang"), "34": ("安徽省", "Anhui"),
    "35": ("福建省", "Fujian"), "36": ("江西省", "Jiangxi"), "37": ("山东省", "Shandong"),
    "41": ("河南省", "Henan"), "42": ("湖北省", "Hubei"), "43": ("湖南省", "Hunan"),
    "44": ("广东省", "Guangdong"), "45": ("广西壮族自治区", "Guangxi"), "46": ("海南省", "Hainan"),
    "50": ("重庆市", "Chongqing"), "51": ("四川省", "Sichuan"), "52": ("贵州省", "Guizhou"),
    "53": ("云南省", "Yunnan"), "54": ("西藏自治区", "Xizang"), "61": ("陕西省", "Shaanxi"),
    "62": ("甘肃省", "Gansu"), "63": ("青海省", "Qinghai"), "64": ("宁夏回族自治区", "Ningxia"),
    "65": ("新疆维吾尔自治区", "Xinjiang"),
}

#: Codes outside the 31 that appear on real ID numbers (residence permits of Hong Kong, Macao, Taiwan).
OTHER_REGIONS: dict[str, tuple[str, str]] = {
    "71": ("台湾省", "Taiwan"), "81": ("香港特别行政区", "Hong Kong"),
    "82": ("澳门特别行政区", "Macao"), "83": ("台湾省", "Taiwan"),
}

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})

#: Zhejiang's 11 prefecture-level cities.
ZHEJIANG_CITIES: list[Division] = [
    Division("330100", "杭州市", "Hangzhou", 11_936_010),
    Division("330200", "宁波市", "Ningbo", 9_404_283),
    Division("330300", "温州市", "Wenzhou", 9_572_903),
    Division("330400", "嘉兴市", "Jiaxing", 5_400_868),
    Division("330500", "湖州市", "Huzhou", 3_367_579),
    Division("330600", "绍兴市", "Shaoxing", 5_270_977),
    Division("330700", "金华市", "Jinhua", 7_050_683),
    Division("330800", "衢州市", "Quzhou", 2_276_184),
    Division("330900", "舟山市", "Zhoushan", 1_157_817),
    Division("331000", "台州市", "Taizhou", 6_622_888),
    Division("331100", "丽水市", "Lishui", 2_507_396),
]

#: Jinhua's 9 county-level divisions; populations other than Yiwu and Yongkang are rounded to hundreds.
JINHUA_DIVISIONS: list[Division] = [
    Division("330702", "婺城区", "Wucheng", 1_004_400),
    Division("330703", "金东区", "Jindong", 458_900),
    Division("330723", "武义县", "Wuyi", 459_100),
    Division("330726", "浦江县", "Pujiang", 459_800),
    Division("330727", "磐安县", "Pan'an", 180_400),
    Division("330781", "兰溪市", "Lanxi", 575_600),
    Division("330782", "义乌市", "Yiwu", 1_859_390),
    Division("330783", "东阳市", "Dongyang", 1_088_900),
    Division("330784", "永康市", "Yongkang", 964_203),
]

#: Provincial capitals and a few other large cities outside Zhejiang: code -> (Chinese, English).
MAJOR_CITIES: dict[str, tuple[str, str]] = {
    "130100": ("石家庄市", "Shijiazhuang"), "140100": ("太原市", "Taiyuan"),
    "150100": ("呼和浩特市", "Hohhot"), "210100": ("沈阳市", "Shenyang"), "210200": ("大连市", "Dalian"),
    "220100": ("长春市", "Changchun"), "230100": ("哈尔滨市", "Harbin"), "320100": ("南京市", "Nanjing"),
    "320500": ("苏州市", "Suzhou"), "340100": ("合肥市", "Hefei"), "350100": ("福州市", "Fuzhou"),
    "350200": ("厦门市", "Xiamen"), "360100": ("南昌市", "Nanchang"), "370100": ("济南市", "Jinan"),
    "370200": ("青岛市", "Qingdao"), "410100": ("郑州市", "Zhengzhou"), "420100": ("武汉市", "Wuhan"),
    "430100": ("长沙市", "Changsha"), "440100": ("广州市", "Guangzhou"), "440300": ("深圳市", "Shenzhen"),
    "450100": ("南宁市", "Nanning"), "460100": ("海口市", "Haikou"), "510100": ("成都市", "Chengdu"),
    "520100": ("贵阳市", "Guiyang"), "530100": ("昆明市", "Kunming"), "540100": ("拉萨市", "Lhasa"),
    "610100": ("西安市", "Xi'an"), "620100": ("兰州市", "Lanzhou"), "630100": ("西宁市", "Xining"),
    "640100": ("银川市", "Yinchuan"), "650100": ("乌鲁木齐市", "Urumqi"),
}

_REGION_SUFFIX = re.compile(r"(?:(?:维吾尔|壮族|回族)?自治区|特别行政区|省|市)$")
_ETHNIC = "白|傣|景颇|傈僳|壮|苗|彝|哈尼|藏|朝鲜|羌|哈萨克|柯尔克孜|蒙古|回|土家|侗|布依|黎|畲|瑶|水"
_AUTONOMOUS_PREFECTURE = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族?)+自治州$")
_CITY_SUFFIX = re.compile(r"(?:地区|林区|盟|市)$")
_PLACEHOLDER = re.compile(r"^(?:市辖区|县|.*直辖.*)$")


def _region_names() -> dict[str, str]:
    """Two-digit code -> full name for every known province-level code."""
    return {code: name for code, (name, _en) in (PROVINCES | OTHER_REGIONS).items()}


def short_province(name: str) -> str:
    """Short province name as people say it: 浙江省 -> 浙江, 广西壮族自治区 -> 广西, 北京市 -> 北京."""
    short = _REGION_SUFFIX.sub("", name)
    return short or name


def short_city(name: str) -> str:
    """Short city name: 金华市 -> 金华, 大理白族自治州 -> 大理, 阿里地区 -> 阿里, 兴安盟 -> 兴安."""
    match = _AUTONOMOUS_PREFECTURE.match(name)
    if match:
        return match.group(1)
    short = _CITY_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


@cache
def _own_names() -> dict[str, str]:
    """Six-digit code -> full name from this module's own tables."""
    names = {div.code: div.name_zh for div in ZHEJIANG_CITIES + JINHUA_DIVISIONS}
    names.update({code: zh for code, (zh, _en) in MAJOR_CITIES.items()})
    return names


def _latest_name(entry: str) -> str:
    """The current name from a code-list entry such as '[1997-1997]万县区,[1998-]万州区'."""
    return re.sub(r"^\[[^\]]*\]", "", entry.split(",")[-1]).strip()


@cache
def _stdnum_name(code: str) -> str | None:
    """A county or city name from python-stdnum's code list, or None when absent."""
    try:
        from stdnum import numdb
    except ImportError:  # pragma: no cover - stdnum is a declared dependency
        return None
    info = {key: value for _part, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    county = info.get("county")
    return _latest_name(county) if county else None


def _name(code: str) -> str | None:
    """Full name of a city or county code, skipping placeholders such as 市辖区."""
    name = _own_names().get(code) or _stdnum_name(code)
    if not name or _PLACEHOLDER.match(name):
        return None
    return name


def _parts(code: str) -> tuple[str, str | None, str | None] | None:
    """(province, city, district) full names for a six-digit code; None if the province is unknown."""
    province = _region_names().get(code[:2])
    if province is None:
        return None
    city = None if code[2:] == "0000" else _name(code[:4] + "00")
    if code[:2] in MUNICIPALITIES:
        city = province
    district = None if code[4:] == "00" else _name(code)
    if city is None and code[2:4] == "90":
        city = district  # county-level cities under the province itself, e.g. 仙桃市
    return province, city, district


def resolve_division(code: str) -> Place | None:
    """The place a six-digit division code names, or None when its province prefix is unknown."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    parts = _parts(code)
    if parts is None:
        return None
    province, city, district = parts
    full = "".join(dict.fromkeys(p for p in (province, city, district) if p))
    return Place(code, full, short_province(province), short_city(city) if city else None, district)


def division_name(code: str) -> str | None:
    """Full Chinese name of a division code, e.g. 330782 -> 浙江省金华市义乌市; None if unknown."""
    place = resolve_division(code)
    return place.name if place else None


def split_place(description: str) -> tuple[str | None, str | None]:
    """Split a place text such as '浙江省金华市' or '内蒙古呼伦贝尔' into short (province, city)."""
    for code, full in _region_names().items():
        short = short_province(full)
        for prefix in (full, short):
            if description.startswith(prefix):
                rest = description[len(prefix):].split("、")[0]
                return short, _city_of(code, short, rest)
    return None, None


def _city_of(code: str, province: str, rest: str) -> str | None:
    """Short city name from the text after the province; a municipality is its own city."""
    if code in MUNICIPALITIES:
        return province
    return short_city(rest) if rest else None
