"""A warning pushed to the center owning the citizen's region is sent again when it grows stronger,
and the receiving center strengthens its open copy (or opens a new one) exactly once per message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.core.outbox import OutboxMessage
from antifraud.desk import service as desk
from antifraud.peers.service import do_save_peer
from antifraud.warnings import service
from antifraud.warnings.engine import WarningCandidate
from antifraud.warnings.models import FraudWarning
from antifraud.warnings.schemas import InboundWarningIn
from tests.warnings.helpers import fresh_mobile


def _candidate(citizen: str, urgency: str = "high", reasons: tuple[str, ...] = ("indicator_call_long",),
               score: float = 0.8, minutes: int = 0) -> WarningCandidate:
    at = now() - timedelta(hours=1) + timedelta(minutes=minutes)
    return WarningCandidate(citizen=citizen, time=at, score=score, fraud_type="impersonate_authority",
                            urgency=urgency, reasons=list(reasons), signal_ids=[], opened_at=at)


def _messages(warning_no: str) -> list[OutboxMessage]:
    with session_scope() as s:
        rows = list(s.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(warning_no))
                              .order_by(OutboxMessage.id)))
        s.expunge_all()
    return rows


def test_a_pushed_warning_that_grows_stronger_is_sent_again_as_an_update() -> None:
    with session_scope() as s:
        do_save_peer(s, "XZ", "徐州市反诈中心", "http://127.0.0.1:9", ["江苏/徐州"], "x" * 20, "y" * 20)
    citizen = fresh_mobile("1385210")  # a Xuzhou China Mobile number
    with session_scope() as s:
        service.do_raise_warnings(s, [_candidate(citizen)])
    with session_scope() as s:
        w = s.scalar(select(FraudWarning).where(FraudWarning.citizen == citizen))
        assert w is not None and w.status == "pushed" and w.pushed_to == "XZ"
        warning_no = w.warning_no
    # the same again, a little later: nothing new to tell
    with session_scope() as s:
        service.do_raise_warnings(s, [_candidate(citizen, minutes=5, score=0.81)])
    assert len(_messages(warning_no)) == 1
    # money moved to a reported card: more urgent, a new reason — one update, naming the first message
    with session_scope() as s:
        created, updated = service.do_raise_warnings(s, [_candidate(
            citizen, urgency="urgent", reasons=("flagged_card_transfer",), score=0.97, minutes=20)])
    assert (created, updated) == (0, 1)
    first, update = _messages(warning_no)
    assert update.key == f"{first.key}~1" and update.destination == "XZ"
    assert update.payload["updates"] == first.key and update.payload["urgency"] == "urgent"
    assert set(update.payload["reasons"]) == {"indicator_call_long", "flagged_card_transfer"}
    assert "updates" not in first.payload
    with session_scope() as s:  # still one warning here for the citizen
        assert len(list(s.scalars(select(FraudWarning).where(FraudWarning.citizen == citizen)))) == 1


def _inbound(citizen: str, key: str, updates: str | None = None, urgency: str = "high",
             reasons: tuple[str, ...] = ("indicator_call_long",)) -> InboundWarningIn:
    return InboundWarningIn(key=key, origin_center="NB", citizen=citizen, fraud_type="impersonate_authority",
                            score=0.9, urgency=urgency, reasons=list(reasons),
                            first_signal_at=now() - timedelta(minutes=30), updates=updates)


def _ours(citizen: str) -> list[FraudWarning]:
    with session_scope() as s:
        rows = list(s.scalars(select(FraudWarning).where(FraudWarning.citizen == citizen).order_by(FraudWarning.id)))
        s.expunge_all()
    return rows


def test_an_update_strengthens_the_open_copy_once() -> None:
    citizen = fresh_mobile()
    with session_scope() as s:
        _, new = service.do_accept_inbound_warning(s, "NB", _inbound(citizen, "NB:YJ1"))
    assert new
    update = _inbound(citizen, "NB:YJ1~1", updates="NB:YJ1", urgency="urgent", reasons=("flagged_card_transfer",))
    for _ in range(2):  # the relay may deliver twice; the second is a no-op
        with session_scope() as s:
            out, new = service.do_accept_inbound_warning(s, "NB", update)
        assert not new and out is not None and out.urgency == "urgent"
    [w] = _ours(citizen)
    assert w.origin == "inbound" and w.urgency == "urgent"
    assert set(w.reasons) == {"indicator_call_long", "flagged_card_transfer"}


def test_an_update_after_our_desk_closed_the_warning_opens_a_new_one(make_user) -> None:
    citizen = fresh_mobile()
    _, _, officer = make_user("intervention")
    with session_scope() as s:
        first, _ = service.do_accept_inbound_warning(s, "NB", _inbound(citizen, "NB:YJ2"))
        assert first is not None
        desk.do_close(s, officer, first.id, "reached, not being defrauded")
    with session_scope() as s:
        _, new = service.do_accept_inbound_warning(s, "NB", _inbound(citizen, "NB:YJ2~1", updates="NB:YJ2", urgency="urgent"))
    assert new
    assert [w.status for w in _ours(citizen)] == ["closed", "new"]


def test_an_update_that_overtakes_the_first_message_stands_for_both() -> None:
    citizen = fresh_mobile()
    with session_scope() as s:
        _, new = service.do_accept_inbound_warning(s, "NB", _inbound(citizen, "NB:YJ3~1", updates="NB:YJ3", urgency="urgent"))
    assert new
    with session_scope() as s:  # the first message arrives late: already accounted for
        _, new = service.do_accept_inbound_warning(s, "NB", _inbound(citizen, "NB:YJ3"))
    assert not new
    [w] = _ours(citizen)
    assert w.urgency == "urgent"
