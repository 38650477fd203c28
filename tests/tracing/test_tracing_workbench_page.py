"""The tracing workbench page: trace a case and stop every reached card from the browser UI."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import create_case
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.tracing.schemas import StatementBatchIn
from antifraud.tracing.service import import_statement_rows
from tests.factories import card_of, case_payload
from tests.web.test_pages import sign_in


async def test_trace_and_stop_all_from_the_workbench(user: User, make_user) -> None:
    import random

    rng = random.Random(77)
    victim, a, b = card_of("ABC", rng), card_of("BOCOM", rng), card_of("CMB", rng)
    t0 = now() - timedelta(hours=1)
    username, password, analyst = make_user("analyst")
    _, _, clerk = make_user("call_taker")
    with session_scope() as s:
        case = create_case(s, clerk, CaseIn.model_validate(case_payload(
            occurred_at=(t0 - timedelta(minutes=1)).isoformat(),
            identifiers=[{"kind": "bank_card", "value": a}, {"kind": "bank_card", "value": victim, "role": "victim"}])))
        import_statement_rows(s, analyst, StatementBatchIn.model_validate({"source": "page test", "transfers": [
            {"txn_id": "P1", "time": t0.isoformat(), "from_account": victim, "to_account": a, "amount": "800"},
            {"txn_id": "P2", "time": (t0 + timedelta(minutes=1)).isoformat(), "from_account": a,
             "to_account": b, "amount": "700"}]}))
    await sign_in(user, username, password)
    await user.should_see("资金追踪", retries=50)
    await user.open(f"/tracing/{case.id}")
    await user.should_see("尚未追踪", retries=50)
    user.find(kind=ui.button, content="追踪").click()
    await user.should_see("涉及 2 张卡", retries=50)
    user.find(kind=ui.button, content="一键止付全部").click()
    await user.should_see("已下发 1 条止付", retries=50)
    with session_scope() as s:
        asked = dispatch.list_requests(s, analyst, "open", case_id=case.id)
    assert b in {r.account for r in asked}
