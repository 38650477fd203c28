"""Guessing passwords: failures are throttled per account and per address, audited, and time-neutral."""

from __future__ import annotations

import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from antifraud.core.audit import AuditEntry
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.core.errors import TooManyAttempts
from antifraud.orgs import service, throttle
from antifraud.orgs.models import LoginThrottle
from antifraud.orgs.service import SignInRefused
from antifraud.settings import get_settings


def _address() -> str:
    """A client address no other test uses (documentation range, RFC 5737)."""
    return f"203.0.113.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:6]}"


def _attempt(username: str, password: str, address: str, at=None) -> str:  # type: ignore[no-untyped-def]
    """One sign-in through the service: 'ok', 'refused' or 'throttled'."""
    try:
        with session_scope() as session:
            service.do_sign_in(session, username, password, address=address, at=at)
    except TooManyAttempts:
        return "throttled"
    except SignInRefused:
        return "refused"
    return "ok"


def test_200_wrong_passwords_then_the_right_one_is_refused_by_the_api(client_from, make_user) -> None:
    username, password, _ = make_user("call_taker")
    client = client_from("198.51.100.20")
    statuses = [client.post("/api/v1/token", data={"username": username, "password": f"guess-{i}"}).status_code
                for i in range(200)]
    assert statuses[:5] == [401] * 5
    assert statuses.count(429) > 150
    right = client.post("/api/v1/token", data={"username": username, "password": password})
    assert right.status_code == 429
    assert 1 <= int(right.headers["Retry-After"]) <= get_settings().login_lockout_max_minutes * 60
    assert "too many" in right.json()["message"]


def test_the_lock_ends_when_the_window_has_passed(make_user) -> None:
    username, password, _ = make_user("analyst")
    address, start = _address(), now()
    outcomes = [_attempt(username, f"guess-{i}", address, start + timedelta(milliseconds=10 * i))
                for i in range(200)]
    assert outcomes[:5] == ["refused"] * 5 and outcomes[5] == "refused" and "throttled" in outcomes
    after = start + timedelta(seconds=2)
    assert _attempt(username, password, address, after) == "throttled"
    # The refused attempts were counted but never lengthened a lock beyond one window.
    passed = after + throttle.window() + timedelta(seconds=1)
    assert _attempt(username, password, address, passed) == "ok"
    with session_scope() as session:
        assert session.get(LoginThrottle, f"account:{username}") is None  # forgotten after success


def test_another_address_is_not_throttled_for_an_address_that_guessed(make_user) -> None:
    username, password, _ = make_user("analyst")
    guesser, start = _address(), now()
    for i in range(get_settings().login_free_failures_per_address + 1):
        _attempt(f"nobody-{i}-{uuid.uuid4().hex[:4]}", "guess", guesser, start)
    assert _attempt(username, password, guesser, start) == "throttled"
    assert _attempt(username, password, _address(), start) == "ok"


def test_concurrent_guesses_are_all_counted(make_user) -> None:
    username, password, _ = make_user("analyst")
    free = get_settings().login_free_failures
    addresses = [_address() for _ in range(free)]
    with ThreadPoolExecutor(max_workers=free) as pool:
        outcomes = list(pool.map(lambda a: _attempt(username, "wrong-guess", a), addresses))
    assert outcomes == ["refused"] * free
    with session_scope() as session:
        assert session.get(LoginThrottle, f"account:{username}").failures == free
    # one more failure from yet another address locks the account for every address
    assert _attempt(username, "wrong-guess", _address()) == "refused"
    assert _attempt(username, password, _address()) == "throttled"


def test_failed_and_successful_sign_ins_are_audited(make_user) -> None:
    username, password, principal = make_user("commander")
    address = _address()
    assert _attempt(username, "wrong-guess", address) == "refused"
    assert _attempt(f"ghost-{uuid.uuid4().hex[:6]}", "anything", address) == "refused"
    assert _attempt(username, password, address) == "ok"
    with session_scope() as session:
        entries = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(("user.login_failed", "user.login"))).order_by(AuditEntry.id.desc()).limit(3)))
    ok, ghost, wrong = entries
    assert (ok.action, ok.actor_id, ok.details["address"]) == ("user.login", principal.user_id, address)
    assert (ghost.details["reason"], ghost.details["address"]) == ("unknown_user", address)
    assert (wrong.actor_username, wrong.details["reason"]) == (username, "wrong_password")


def _seconds(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_unknown_user_takes_as_long_as_a_wrong_password(make_user) -> None:
    users = [make_user("analyst")[0] for _ in range(6)]
    _attempt("warm-up-unknown", "x", _address())  # the dummy hash is made once per process
    wrong, unknown = [], []
    for i in range(24):  # interleaved, so a busy machine slows both alike
        wrong.append(_seconds(lambda i=i: _attempt(users[i % 6], "wrong-guess", _address())))
        unknown.append(_seconds(lambda: _attempt(f"ghost-{uuid.uuid4().hex}", "wrong-guess", _address())))
    ratio = statistics.median(unknown) / statistics.median(wrong)
    # Without the dummy hash an unknown name answers in under half the time, even at the tests'
    # low argon2 cost where the throttle's writes are a large part of each attempt.
    assert 1 / 1.6 < ratio < 1.6, ratio
