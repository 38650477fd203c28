"""The desk's copy of a warning takes the type the scorer revises as the evidence grows."""

from __future__ import annotations

from datetime import timedelta

from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.warnings.models import FraudWarning
from antifraud.warnings.scoring import Candidate
from antifraud.warnings.service import do_raise_warnings
from tests.warnings.helpers import fresh_mobile


def _candidate(citizen: str, revision: int, fraud_type: str, minutes: int) -> Candidate:
    opened = now() - timedelta(hours=1)
    return Candidate(citizen=citizen, time=opened + timedelta(minutes=minutes), score=0.7 + 0.1 * revision,
                     fraud_type=fraud_type, urgency="high", reasons=["sms_flagged", "sms_link_opened"],
                     signal_ids=[], opened_at=opened, revision=revision)


def test_an_update_that_reads_another_type_changes_the_warnings_type() -> None:
    citizen = fresh_mobile()
    with session_scope() as s:
        assert do_raise_warnings(s, [_candidate(citizen, 0, "brushing_rebate", 0)]) == (1, 0)
    with session_scope() as s:
        assert do_raise_warnings(s, [_candidate(citizen, 1, "fake_loan", 20)]) == (0, 1)
    with session_scope() as s:
        warning = s.query(FraudWarning).filter_by(citizen=citizen).one()
        assert warning.fraud_type == "fake_loan" and warning.score >= 0.79
