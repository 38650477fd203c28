"""On the workbench an analyst asks for the statements of cards without one; the bank answers on its queue page."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from antifraud.cases.schemas import CaseIn
from antifraud.cases.service import do_create_case
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.dispatch import service as dispatch
from antifraud.tracing import service as tracing
from antifraud.tracing.schemas import StatementBatchIn, TraceIn
from tests.factories import card_of, case_payload
from tests.pages import sign_in

_rng = random.Random(9090)


def _traced_case(make_user, tag: str):  # type: ignore[no-untyped-def]
    """A traced case whose first card paid on to a PSBC card whose own statement is not in."""
    victim, a, b, c = card_of("ABC", _rng), card_of("BOCOM", _rng), card_of("PSBC", _rng), card_of("CMB", _rng)
    t0 = (now() - timedelta(hours=1)).replace(microsecond=0)
    _, _, analyst = make_user("analyst")
    _, _, clerk = make_user("call_taker")
    with session_scope() as s:
        case = do_create_case(s, clerk, CaseIn.model_validate(case_payload(
            occurred_at=(t0 - timedelta(minutes=1)).isoformat(),
            identifiers=[{"kind": "bank_card", "value": a}, {"kind": "bank_card", "value": victim, "role": "victim"}])))
        tracing.do_import_statement_rows(s, analyst, StatementBatchIn.model_validate({"source": "page", "transfers": [
            {"txn_id": f"{tag}1", "time": t0.isoformat(), "from_account": victim, "to_account": a, "amount": "800"},
            {"txn_id": f"{tag}2", "time": (t0 + timedelta(minutes=1)).isoformat(), "from_account": a,
             "to_account": b, "amount": "700"}]}))
        tracing.do_trace_case(s, analyst, case.id, TraceIn())
    return case, {"victim": victim, "a": a, "b": b, "c": c}, t0


def _statement_column(user: User, account: str) -> set[str]:
    """What the workbench's tables say about a card's statement."""
    return {row["statement"] for table in user.find(kind=ui.table).elements for row in table.rows
            if row.get("account") == account and "statement" in row}


async def test_the_workbench_lists_cards_without_statements_first_and_asks_for_them(user: User, make_user) -> None:
    case, cards, _ = _traced_case(make_user, "WB")
    username, password, analyst = make_user("analyst")
    await sign_in(user, username, password)
    await user.should_see("资金追踪", retries=50)
    await user.open(f"/tracing/{case.id}")
    await user.should_see("尚无流水的涉案卡（1 张）", retries=50)
    await user.should_see("1 张卡的后续去向未知（流水未到），追踪结果可能不完整")
    assert _statement_column(user, cards["b"]) == {"未调取 · 后续去向未知：流水未到"}
    assert _statement_column(user, cards["a"]) == {"已到"}
    user.find(kind=ui.button, content="为全部 1 张卡调取流水").click()
    await user.should_see("已向银行发出 1 条调单", retries=50)
    assert _statement_column(user, cards["b"]) == {"已调单，待回复 · 后续去向未知：流水未到"}
    with session_scope() as s:
        asked = [r for r in dispatch.list_requests(s, analyst, "open", case_id=case.id)
                 if r.kind == "statement_request"]
    assert [r.account for r in asked] == [cards["b"]] and asked[0].target_org == "PSBC"


async def test_the_bank_answers_on_its_queue_page_and_a_wrong_file_is_returned_by_line(user: User,
                                                                                        make_user) -> None:
    case, cards, t0 = _traced_case(make_user, "QA")
    _, _, analyst = make_user("analyst")
    with session_scope() as s:
        [req] = tracing.do_request_statements(s, analyst, case.id).requested
    username, password, _ = make_user("bank_liaison", "PSBC")
    await sign_in(user, username, password)
    await user.should_see("PSBC 工作台", retries=50)
    await user.should_see("签收所选（0）", retries=50)
    rows = [row for table in user.find(kind=ui.table).elements for row in table.rows if row["id"] == req.id]
    assert rows and rows[0]["kind"] == "调单" and rows[0]["case_no"] == case.case_no and rows[0]["period"]
    await user.open(f"/queue/statement/{req.id}")
    await user.should_see(f"调单回复 · {cards['b']}", retries=50)
    await user.should_see("请上传该卡")
    stamp = f"{t0 + timedelta(minutes=5):%Y-%m-%d %H:%M:%S%z}"
    wrong = (f"txn_id,time,from_account,to_account,amount\nQA3,{stamp},{cards['a']},{cards['c']},10.00\n").encode()
    upload = user.find(kind=ui.upload).elements.pop()
    await upload.handle_uploads([SmallFileUpload(name="wrong.csv", content_type="text/csv", _data=wrong)])
    await user.should_see("文件未被接收：", retries=50)
    await user.should_see(f"第 2 行：不是所调取的卡 {cards['b']} 的记录")
    good = (f"txn_id,time,from_account,to_account,amount\nQA3,{stamp},{cards['b']},{cards['c']},600.00\n").encode()
    await upload.handle_uploads([SmallFileUpload(name="b.csv", content_type="text/csv", _data=good)])
    await user.should_see("已回复：1 条流水已接收，调单已办结", retries=50)
    await user.should_see("案件将据此流水在后台重新追踪")
    for _ in range(300):  # the case is traced again by a background job
        with session_scope() as s:
            latest = tracing.latest_trace(s, analyst, case.id)
        if cards["c"] in {c.account for c in latest.reached}:
            break
        await asyncio.sleep(0.05)
    assert latest.trigger == "statements"
    assert {c.account: c.tier for c in latest.reached}[cards["c"]] == 3
