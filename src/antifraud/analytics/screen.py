"""The command hall's screen (大屏): the figures of every tile, computed once per change for all screens.

Every open screen asks for the same figures; the answer is kept per organisation and role and computed
again only when a case, request, warning or campaign event was published since (or after ``MAX_AGE`` seconds, so
the day's rollover and requests turning overdue show without an event).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from antifraud.analytics import service
from antifraud.analytics.breakdown import AGE_BANDS, LOCAL, value_of
from antifraud.analytics.schemas import (
    CountOut,
    DeskQueueOut,
    PartnerLoadOut,
    PreventionFiguresOut,
    ScreenOut,
    TickerItemOut,
    TrendDayOut,
)
from antifraud.cases import service as cases
from antifraud.core import events
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import LOCAL_TZ, local_day_start, now
from antifraud.dispatch import service as dispatch
from antifraud.warnings import service as warnings

TOPICS = (cases.TOPIC, dispatch.TOPIC, warnings.TOPIC)
PreventionSource = Callable[[Session, Principal, datetime], PreventionFiguresOut]
_prevention: dict[str, tuple[str, PreventionSource]] = {}
TREND_DAYS = 30
TICKER = 12
MAX_AGE = 15.0  # seconds a kept answer is shown without an event
REREAD = 300.0  # seconds between full reads of the span's reports

_kept: dict[tuple[object, ...], tuple[tuple[int, ...], float, ScreenOut]] = {}
_lock = threading.Lock()


def install(prevention: PreventionSource, prevention_topic: str) -> None:
    """Take the prevention figures from ``prevention`` (the campaigns' room, which reads this room's
    figures and so cannot be imported here) and refresh when ``prevention_topic`` publishes."""
    _prevention["source"] = (prevention_topic, prevention)


def _topics() -> tuple[str, ...]:
    return TOPICS + tuple(topic for topic, _ in _prevention.values())


def changes() -> tuple[int, ...]:
    """A stamp that moves whenever something the screen shows may have changed in this process."""
    return tuple(events.version(topic) for topic in _topics())


def screen(session: Session, principal: Principal, at: datetime | None = None) -> ScreenOut:
    """The screen's figures now (kept between events) or at ``at`` (always computed)."""
    principal.require(Permission.STATS_READ)
    if at is not None:
        return _compute(session, principal, at)
    key = (session.get_bind().url.render_as_string(), principal.org_id, principal.role)
    # One screen computes while the others wait and take its answer, instead of twenty computing at once.
    with _lock:
        stamp = changes()
        kept = _kept.get(key)
        if kept is not None and kept[0] == stamp and time.monotonic() - kept[1] < MAX_AGE:
            return kept[2]
        out = _compute(session, principal, now(), key)
        _kept[key] = (stamp, time.monotonic(), out)
        return out


@dataclass
class _Tally:
    """The reports of the screen's span as (local day, county, fraud type, age band), kept between refreshes.

    Reports do not change once filed, so a refresh reads only those filed since (a higher id); the whole
    span is read again when the span moves (a new year, or a new day in January) or every ``REREAD``
    seconds, which also takes in a report whose id was handed out before one already read but committed
    after it.
    """

    start: date
    read_at: float
    last_id: int = 0
    rows: list[tuple[date, str | None, str, str | None]] = field(default_factory=list)


_tallies: dict[tuple[object, ...], _Tally] = {}


def _tally(session: Session, principal: Principal, key: tuple[object, ...], today: date) -> _Tally:
    start = min(date(today.year, 1, 1), today - timedelta(days=TREND_DAYS - 1))
    tally = _tallies.get(key)
    if tally is None or tally.start != start or time.monotonic() - tally.read_at > REREAD:
        tally = _tallies[key] = _Tally(start, time.monotonic())
    for fact in service.facts_filed_after(session, principal, start, today, tally.last_id):
        tally.rows.append((fact.reported_at.astimezone(LOCAL).date(), fact.district, fact.fraud_type,
                           value_of(fact, "age_band")))  # type: ignore[arg-type]
        tally.last_id = max(tally.last_id, fact.case_id)
    return tally


def _compute(session: Session, principal: Principal, at: datetime, key: tuple[object, ...] | None = None
             ) -> ScreenOut:
    today = at.astimezone(LOCAL_TZ).date()
    tally = _tally(session, principal, key or ("once", id(session)), today)
    if key is None:
        _tallies.pop(("once", id(session)), None)
    year_start, month_start, trend_start = date(today.year, 1, 1), today.replace(day=1), today - timedelta(
        days=TREND_DAYS - 1)
    districts_today: Counter[str] = Counter()
    districts_month: Counter[str] = Counter()
    by_day: Counter[date] = Counter()
    types: Counter[str] = Counter()
    bands: Counter[str | None] = Counter()
    for day, district, fraud_type, band in tally.rows:
        if day > today:
            continue
        if day >= trend_start:
            by_day[day] += 1
        if day < year_start:
            continue
        types[fraud_type] += 1
        bands[band] += 1
        if district and day >= month_start:
            districts_month[district] += 1
            if day == today:
                districts_today[district] += 1
    return ScreenOut(
        summary=service.summary(session, principal, at),
        districts_today=dict(districts_today), districts_month=dict(districts_month),
        trend=_trend(session, by_day, today, at),
        fraud_types=[CountOut(key=k, reports=n) for k, n in types.most_common()],
        age_bands=_age_bands(bands),
        ticker=_ticker(session, principal),
        partners=[PartnerLoadOut(**p) for p in dispatch.open_requests_by_partner(session, at)],
        desk=DeskQueueOut(**warnings.queue_figures(session, at)),
        prevention=_prevention["source"][1](session, principal, at) if _prevention else PreventionFiguresOut())


def _trend(session: Session, reports: Counter[date], today: date, at: datetime) -> list[TrendDayOut]:
    first = today - timedelta(days=TREND_DAYS - 1)
    start = local_day_start(at) - timedelta(days=TREND_DAYS - 1)
    dissuaded = warnings.dissuasions_by_day(session, start, at + timedelta(seconds=1))
    return [TrendDayOut(day=d, reports=reports.get(d, 0), dissuaded=dissuaded.get(d.isoformat(), 0))
            for d in (first + timedelta(days=i) for i in range(TREND_DAYS))]


def _age_bands(bands: Counter[str | None]) -> list[CountOut]:
    out = [CountOut(key=b, reports=bands.get(b, 0)) for b in AGE_BANDS]
    if bands.get(None):
        out.append(CountOut(key="unknown", reports=bands[None]))
    return out


def _ticker(session: Session, principal: Principal) -> list[TickerItemOut]:
    items = [TickerItemOut(kind="report", at=r["at"], ref=r["case_no"], fraud_type=r["fraud_type"],
                           district=r["district"], amount=r["loss"])
             for r in cases.newest_reports(session, principal, TICKER)]
    items += [TickerItemOut(kind="stop", at=s["at"], ref=s["case_no"], partner=s["partner"], amount=s["amount"])
              for s in dispatch.newest_stops(session, TICKER)]
    items += [TickerItemOut(kind="dissuasion", at=d["at"], ref=d["warning_no"], fraud_type=d["fraud_type"],
                            district=d["district"], amount=d["protected"])
              for d in warnings.newest_dissuasions(session, TICKER)]
    return sorted(items, key=lambda i: i.at, reverse=True)[:TICKER]
