"""Signals that make the scorer raise a warning: a long call from a reported number, then money to a
reported card, for a fresh citizen each time."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.auth import Principal
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from tests.factories import card_of, case_payload

_rng = random.Random(6)


def fresh_mobile(prefix: str = "1385790") -> str:
    """A Jinhua (or other, by prefix) mobile number not used before in this run."""
    return f"+86{prefix}{_rng.randrange(10_000):04d}"


def reported_identifiers(clerk: Principal, fraud_type: str = "impersonate_authority") -> tuple[str, str]:
    """File a case whose suspect phone and card become indicators; returns (phone, card)."""
    phone = f"+86170{_rng.randrange(10**8):08d}"
    card = card_of("ICBC", _rng)
    with session_scope() as s:
        do_create_case(s, clerk, CaseIn.model_validate(case_payload(
            fraud_type=fraud_type, identifiers=[{"kind": "bank_card", "value": card},
                                                {"kind": "phone", "value": phone}])))
    return phone, card


def warning_lines(citizen: str, phone: str, card: str, tag: str, at: datetime | None = None) -> list[str]:
    """A 25-minute call from the reported number, then 30,000 yuan to the reported card."""
    t = at or now()
    return [json.dumps({"signal_id": f"{tag}-call", "kind": "call", "time": t.isoformat(), "citizen": citizen,
                        "counterpart": phone, "duration_s": 1500}),
            json.dumps({"signal_id": f"{tag}-pay", "kind": "transfer", "time": (t + timedelta(minutes=26)).isoformat(),
                        "citizen": citizen, "counterpart": card, "amount": "30000.00"})]


PHISHING_TEXT = "您的快递丢失，我是客服，现为您办理理赔退款，请点击 https://lipei-tuikuan66.top/r 填写银行卡信息"


def text_then_link_opened(citizen: str, at: datetime, tag: str) -> tuple[dict, dict]:
    """A fake refund text from a virtual number at ``at``, and its link opened five minutes later:
    alone the text warns nobody, with the visit it does."""
    sms = {"signal_id": f"{tag}-sms", "kind": "sms", "time": at.isoformat(), "citizen": citizen,
           "counterpart": "+8617012345678", "text": PHISHING_TEXT}
    visit = {"signal_id": f"{tag}-visit", "kind": "visit", "citizen": citizen,
             "time": (at + timedelta(minutes=5)).isoformat(), "counterpart": "lipei-tuikuan66.top",
             "target_kind": "domain"}
    return sms, visit


def raise_warning_via_api(api, login, make_user, citizen: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """Send the signals of `warning_lines` for a citizen through the API; returns the warning raised."""
    _, _, clerk = make_user("call_taker")
    phone, card = reported_identifiers(clerk)
    citizen = citizen or fresh_mobile()
    body = ("\n".join(warning_lines(citizen, phone, card, "W" + citizen[-9:])) + "\n").encode()
    api.post("/signals", headers=login("analyst"), content=body)
    return next(w for w in api.get("/warnings?status=all", headers=login("commander")).json()
                if w["citizen"] == citizen)
