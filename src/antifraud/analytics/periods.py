"""Periods of the periodic summary (定期汇总): a calendar month ``2026-11`` or an ISO week ``2026-W47``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from antifraud.core.errors import ValidationFailed

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
FIRST_YEAR, LAST_YEAR = 2000, 2999


@dataclass(frozen=True)
class Period:
    """A month or an ISO week, with its first and last local day (both included)."""

    code: str
    kind: str  # month or week
    start: date
    end: date

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days + 1


def month(year: int, number: int) -> Period:
    """The calendar month ``number`` of ``year``."""
    start = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return Period(f"{year:04d}-{number:02d}", "month", start, following - timedelta(days=1))


def week(year: int, number: int) -> Period:
    """ISO week ``number`` of ISO year ``year`` (Monday to Sunday)."""
    start = date.fromisocalendar(year, number, 1)
    return Period(f"{year:04d}-W{number:02d}", "week", start, start + timedelta(days=6))


def parse_period(text: str, field: str = "period") -> Period:
    """A period from ``YYYY-MM`` or ``YYYY-Www``; anything else is refused naming ``field``."""
    text = (text or "").strip().upper()
    if found := _MONTH.fullmatch(text):
        year, number = int(found[1]), int(found[2])
        _check_year(year, field)
        if not 1 <= number <= 12:
            raise ValidationFailed(f"month {number:02d} is not 01 … 12", field=field, code="period.bad_month",
                                   params={"month": f"{number:02d}"})
        return month(year, number)
    if found := _WEEK.fullmatch(text):
        year, number = int(found[1]), int(found[2])
        _check_year(year, field)
        weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the year's last week
        if not 1 <= number <= weeks:
            raise ValidationFailed(f"ISO year {year} has weeks W01 … W{weeks}", field=field, code="period.bad_week",
                                   params={"year": year, "weeks": weeks})
        return week(year, number)
    raise ValidationFailed("use YYYY-MM for a month or YYYY-Www for an ISO week (e.g. 2026-11, 2026-W47)",
                           field=field, code="period.bad_format")


def _check_year(year: int, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(f"year {year} is outside {FIRST_YEAR} … {LAST_YEAR}", field=field,
                               code="period.bad_year", params={"year": year, "first": FIRST_YEAR, "last": LAST_YEAR})


def previous(period: Period) -> Period:
    """The period just before: the month before, or the week before."""
    if period.kind == "week":
        iso = (period.start - timedelta(days=7)).isocalendar()
        return week(iso.year, iso.week)
    before = period.start - timedelta(days=1)
    return month(before.year, before.month)


def year_before(period: Period) -> Period:
    """The same period a year earlier: the same month, or the same ISO week number (W53 → W52)."""
    if period.kind == "week":
        year, number = period.start.isocalendar().year - 1, period.start.isocalendar().week
        return week(year, min(number, date(year, 12, 28).isocalendar().week))
    return month(period.start.year - 1, period.start.month)


def last_finished(kind: str, today: date) -> Period:
    """The latest whole period before ``today``: last ISO week, or last month."""
    if kind == "week":
        iso = (today - timedelta(days=7)).isocalendar()
        return week(iso.year, iso.week)
    before = today.replace(day=1) - timedelta(days=1)
    return month(before.year, before.month)
