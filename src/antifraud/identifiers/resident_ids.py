"""Resident identity card numbers (居民身份证号码, GB 11643-1999): check digit, birth date, sex, division."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from stdnum.cn import ric

from antifraud.identifiers._text import clean, strip_separators
from antifraud.identifiers.divisions import resolve_division
from antifraud.identifiers.errors import IdentifierError

_SHANGHAI = ZoneInfo("Asia/Shanghai")
_EARLIEST_BIRTH_YEAR = 1880
_FORMAT_18 = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_FORMAT_15 = re.compile(r"^\d{15}$", re.ASCII)


@dataclass(frozen=True)
class ResidentId:
    """A valid 18-character resident ID with what it says about its holder."""

    number: str
    birth_date: date
    age: int
    sex: str
    division_code: str
    division_name: str
    province: str
    city: str | None
    district: str | None


def check_digit(first17: str) -> str:
    """The GB 11643 check digit ('0'-'9' or 'X') for the first 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def upgrade_15(number: str) -> str:
    """Turn an old 15-digit ID (born 19xx) into its 18-character form."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_digit(first17)


def _canonical(raw: str, field: str) -> str:
    """The 18-character form of an ID typed with spaces, a lower-case x, or in the old 15-digit form."""
    text = strip_separators(clean(raw, field)).upper()
    if _FORMAT_15.match(text):
        return upgrade_15(text)
    if len(text) not in (15, 18):
        raise IdentifierError(field, "resident ID must have 18 characters (or 15 digits for an old ID)", "ident.rid_length")
    if not _FORMAT_18.match(text):
        raise IdentifierError(field, "resident ID must be digits, with an optional X as the last character", "ident.rid_chars")
    if text[-1] != check_digit(text[:17]):
        raise IdentifierError(field, "wrong check digit; check for a mistyped digit", "ident.rid_check_digit")
    return text


def _birth_date(number: str, field: str, today: date) -> date:
    """Birth date from positions 7-14; it must be a real date, not in the future."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdentifierError(field, "invalid birth date", "ident.rid_birth_date") from exc
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise IdentifierError(field, "invalid birth date", "ident.rid_birth_date")
    if born > today:
        raise IdentifierError(field, "birth date in the future", "ident.rid_birth_future")
    return born


def age_on(born: date, today: date) -> int:
    """Whole years from ``born`` to ``today``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def shanghai_today() -> date:
    """Today's date in China (Asia/Shanghai)."""
    return datetime.now(_SHANGHAI).date()


def parse_resident_id(raw: str, field: str = "id_number", today: date | None = None) -> ResidentId:
    """Validate a resident ID (18 or old 15 digits) and read birth date, age, sex and home division."""
    number = _canonical(raw, field)
    when = today or shanghai_today()
    born = _birth_date(number, field, when)
    place = resolve_division(number[:6])
    if place is None:
        raise IdentifierError(field, "unknown administrative division", "ident.rid_division")
    sex = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number, born, age_on(born, when), sex, place.code, place.name, place.province,
                      place.city, place.district)
