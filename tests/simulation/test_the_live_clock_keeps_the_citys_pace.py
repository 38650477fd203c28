"""The demo's live clock files reports at the city's own pace, faster only when asked, dated as their cases."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from antifraud.cases.schemas import CaseQuery
from antifraud.cases.service import get_case, search_cases
from antifraud.core.auth import SYSTEM
from antifraud.core.clock import now, to_local
from antifraud.core.db import session_scope
from antifraud.simulation.demo import REPORTS_PER_DAY_AT_FULL_SCALE
from antifraud.simulation.live import LiveClock
from antifraud.simulation.loader import simulated_actors

SCALE = 0.1


def _reports_within(clock: LiveClock, days: float) -> int:
    """How many reports the clock's simulated city makes in its first `days` simulated days."""
    clock._refill_until(clock._sim_start + timedelta(days=days))
    horizon = clock._sim_start + timedelta(days=days)
    return sum(1 for r in clock._reports if r.time <= horizon)


def test_real_pace_is_the_citys_daily_rate(engine) -> None:
    clock = LiveClock(engine, simulated_actors(engine, seed=21), seed=21, scale=SCALE)
    per_day = _reports_within(clock, 7) / 7 / SCALE
    assert 0.6 * REPORTS_PER_DAY_AT_FULL_SCALE <= per_day <= 1.5 * REPORTS_PER_DAY_AT_FULL_SCALE
    start = clock.started_at
    assert clock.file_due_reports(at=start + timedelta(seconds=1)) == [] or per_day > 80_000
    an_hour = clock.file_due_reports(at=start + timedelta(hours=1))
    assert len(an_hour) <= 5  # at the city's pace an hour brings a report or two, not hundreds


def test_speed_plays_the_city_faster_and_files_each_report_once(engine) -> None:
    base = now()
    slow = LiveClock(engine, simulated_actors(engine, seed=22), seed=22, scale=SCALE, start=base)
    expected = _reports_within(slow, 1)
    fast = LiveClock(engine, simulated_actors(engine, seed=22), seed=22, scale=SCALE, speed=24, start=base)
    filed = fast.file_due_reports(at=base + timedelta(minutes=30)) + fast.file_due_reports(at=base + timedelta(hours=1))
    assert len(filed) == expected and len(set(filed)) == len(filed)
    assert fast.simulated_time(base + timedelta(hours=1)) == fast._sim_start + timedelta(days=1)
    with pytest.raises(ValueError):
        LiveClock(engine, simulated_actors(engine, seed=22), seed=22, scale=SCALE, speed=0)


def test_a_live_reports_narrative_dates_the_fraud_as_its_case_does(engine) -> None:
    base = now()
    clock = LiveClock(engine, simulated_actors(engine, seed=23), seed=23, scale=SCALE, speed=2000, start=base)
    filed = clock.file_due_reports(at=base + timedelta(minutes=6))  # eight days of the city in six minutes
    assert len(filed) >= 5
    checked = 0
    with session_scope() as s:
        for case_no in filed:
            summary = search_cases(s, SYSTEM, CaseQuery(text=case_no)).items[0]
            case = get_case(s, SYSTEM, summary.id)
            dates = re.findall(r"\d{4}年\d{2}月\d{2}日\d{2}时许", case.narrative)
            if dates:
                checked += 1
                assert dates[0] == f"{to_local(case.occurred_at):%Y年%m月%d日%H时许}", case.narrative
    assert checked >= 3  # shifted by up to eight days, each narrative still dates its own case
