"""The tracing workbench page: trace a case and stop every reached card from the browser UI."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.tracing.schemas import StatementBatchIn
from antifraud.tracing.service import do_import_statement_rows
from tests.factories import card_of, case_payload
from tests.pages import sign_in


async def test_trace_and_stop_all_from_the_workbench(user: User, make_user) -> None:
    import random

    rng = random.Random(77)
    victim, a, b = card_of("ABC", rng), card_of("BOCOM", rng), card_of("CMB", rng)
    t0 = now() - timedelta(hours=1)
    username, password, analyst = make_user("analyst")
    _, _, clerk = make_user("call_taker")
    with session_scope() as s:
        case = do_create_case(s, clerk, CaseIn.model_validate(case_payload(
            occurred_at=(t0 - timedelta(minutes=1)).isoformat(),
            identifiers=[{"kind": "bank_card", "value": a}, {"kind": "bank_card", "value": victim, "role": "victim"}])))
        do_import_statement_rows(s, analyst, StatementBatchIn.model_validate({"source": "page test", "transfers": [
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
    await user.should_see("将下发 1 条止付，合计 ¥700.00；跳过 1 张", retries=50)
    user.find(kind=ui.button, content="确认下发 1 条止付").click()
    await user.should_see("已下发 1 条止付；跳过 1 张", retries=50)
    with session_scope() as s:
        asked = dispatch.list_requests(s, analyst, "open", case_id=case.id)
    assert b in {r.account for r in asked}


async def test_the_workbench_sets_the_fan_out_cap_and_names_the_hubs_it_cut(user: User, make_user) -> None:
    import random

    rng = random.Random(78)
    victim, hub = card_of("ABC", rng), card_of("ICBC", rng)
    payees = [card_of("CCB", rng) for _ in range(3)]
    t0 = now() - timedelta(hours=1)
    username, password, analyst = make_user("analyst")
    _, _, clerk = make_user("call_taker")
    rows = [{"txn_id": "H0", "time": t0.isoformat(), "from_account": victim, "to_account": hub, "amount": "900"}]
    rows += [{"txn_id": f"H{i + 1}", "time": (t0 + timedelta(minutes=i + 1)).isoformat(), "from_account": hub,
              "to_account": payee, "amount": "300"} for i, payee in enumerate(payees)]
    with session_scope() as s:
        case = do_create_case(s, clerk, CaseIn.model_validate(case_payload(
            occurred_at=(t0 - timedelta(minutes=1)).isoformat(),
            identifiers=[{"kind": "bank_card", "value": hub},
                         {"kind": "bank_card", "value": victim, "role": "victim"}])))
        do_import_statement_rows(s, analyst, StatementBatchIn.model_validate({"source": "page test",
                                                                           "transfers": rows}))
    await sign_in(user, username, password)
    await user.should_see("资金追踪", retries=50)
    await user.open(f"/tracing/{case.id}")
    await user.should_see("尚未追踪", retries=50)
    user.find(marker="trace-cap").elements.pop().value = 2
    user.find(kind=ui.button, content="追踪").click()
    await user.should_see("1 张枢纽卡的转出笔数超过上限", retries=50)
    await user.should_see(f"{hub}：已追 2 笔，未追 1 笔，其中受害人资金 ¥300.00", retries=50)
    await user.should_see("涉及 3 张卡", retries=50)


async def test_a_large_statement_upload_shows_its_jobs_progress_then_the_result(user: User, make_user) -> None:
    import random

    from nicegui.elements.upload_files import SmallFileUpload

    from antifraud.tracing import service

    rng = random.Random(79)
    cards = [card_of("ICBC", rng) for _ in range(20)]
    lines = ["txn_id,time,from_account,to_account,amount,channel"]
    pad = "x" * 30  # a channel text long enough to make the file large
    n = service.SYNC_BYTES // 80 + 1000  # lines are 90-120 bytes as card lengths vary
    lines += [f"PG{rng.randrange(10**9)}-{i},2024-03-01 10:00:{i % 60:02d},{cards[i % 20]},{cards[(i + 3) % 20]},"
              f"1.00,{pad}" for i in range(n)]
    content = ("\n".join(lines) + "\n").encode()
    assert len(content) > service.SYNC_BYTES
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.should_see("资金追踪", retries=50)
    await user.open("/tracing")
    upload = user.find(kind=ui.upload).elements.pop()
    await upload.handle_uploads([SmallFileUpload(name="big.csv", content_type="text/csv", _data=content)])
    await user.should_see("big.csv：新增", retries=300)
