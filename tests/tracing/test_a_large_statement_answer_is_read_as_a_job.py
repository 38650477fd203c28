"""A bank answers a statement request with a large file: it is read and stored by a background job (202),
the request is completed only once the statement is stored, a refused line fails the job and leaves the
request open, and the case is traced again by a job of its own."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from sqlalchemy import func, select

from antifraud.core.audit import AuditEntry
from antifraud.core.clock import now
from antifraud.core.db import session_scope
from antifraud.tracing import service as tracing
from antifraud.tracing.models import Transfer
from tests.factories import card_of
from tests.pages import sign_in
from tests.tracing.test_request_statements_and_the_bank_answers import _cards, _traced_case, wait_for_job
from tests.tracing.test_request_statements_on_the_workbench_page import _traced_case as _page_case

_rng = random.Random(4242)
SMALL_LIMIT = 4096  # the answer-in-the-request limit, lowered so that a test file of a few KB is "large"


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracing, "SYNC_BYTES", SMALL_LIMIT)
    monkeypatch.setattr(tracing, "BATCH_ROWS", 40)  # several batches, each its own short transaction


def _big_statement(tag: str, card: str, onward: str, t0, n: int = 120) -> bytes:  # type: ignore[no-untyped-def]
    """The card's statement: payments out before the victim's money came (they carry none of it), the
    victim's 6,000.00 arriving and 5,000.00 paid on to `onward`."""
    others = [card_of("ICBC", _rng) for _ in range(5)]
    lines = ["txn_id,time,from_account,to_account,amount"]
    lines += [f"{tag}-f{i},{t0 - timedelta(hours=23) + timedelta(seconds=i):%Y-%m-%d %H:%M:%S%z},{card},"
              f"{others[i % 5]},1.00" for i in range(n)]
    lines.append(f"{tag}-2,{t0 + timedelta(minutes=2):%Y-%m-%d %H:%M:%S%z},{{a}},{card},6000.00")
    lines.append(f"{tag}-4,{t0 + timedelta(minutes=7):%Y-%m-%d %H:%M:%S%z},{card},{onward},5000.00")
    return ("\n".join(lines) + "\n").encode()


def _stored(tag: str) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(Transfer).where(Transfer.txn_id.like(f"{tag}-f%"))) or 0


def test_a_large_answer_is_a_job_and_completes_the_request_when_stored(api, login, small_limit) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "LA1")
    asked = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()["requested"]
    rid = next(q["id"] for q in asked if q["account"] == cards["b"])
    ccb = login("bank_liaison", "CCB")
    content = _big_statement("LA1", cards["b"], cards["d"], t0).replace(b"{a}", cards["a"].encode())
    assert len(content) > SMALL_LIMIT
    r = api.post(f"/requests/{rid}/statement", headers=ccb, files={"file": ("b.csv", content, "text/csv")})
    assert r.status_code == 202, r.text
    out = r.json()
    # committed before the answer: the job holds the file; the request stays open until the rows are in
    assert out["job_id"] and out["statement"]["state"] == "queued" and out["request"]["status"] != "completed"
    again = api.post(f"/requests/{rid}/statement", headers=ccb, files={"file": ("b.csv", content, "text/csv")})
    assert again.status_code == 409  # still being read, or already answered by it
    job = wait_for_job(api, ccb, out["job_id"])
    assert job["state"] == "done", job
    assert job["rows_done"] == job["rows_total"] == 122
    result = job["result"]
    assert result["request"]["status"] == "completed" and result["request"]["outcome"] == "supplied"
    assert result["statement"]["import_id"] == out["statement"]["import_id"]
    assert result["statement"]["rows_new"] + result["statement"]["rows_duplicate"] == 122
    assert _stored("LA1") == 120  # every filler row; the victim's rows were partly in already
    request = api.get(f"/requests/{rid}", headers=ccb).json()
    assert request["status"] == "completed" and request["statement_import_id"] == out["statement"]["import_id"]
    retrace = wait_for_job(api, analyst, result["retrace_job_id"])
    assert retrace["state"] == "done" and case["id"] in retrace["result"]["retraced_cases"]
    latest = api.get(f"/cases/{case['id']}/trace", headers=analyst).json()
    assert latest["trigger"] == "statements"
    reached = {c["account"]: c for c in latest["reached"]}
    assert reached[cards["d"]]["tier"] == 3 and Decimal(reached[cards["d"]]["amount_held"]) == Decimal("5000.00")
    with session_scope() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_type == "request", AuditEntry.entity_id == str(rid)).order_by(AuditEntry.id)))
    assert actions[-2:] == ["request.answer_queued", "request.complete"]


def test_a_refused_line_in_a_large_answer_fails_its_job_and_leaves_the_request_open(api, login,
                                                                                    small_limit) -> None:
    cards, t0 = _cards(), (now() - timedelta(hours=3)).replace(microsecond=0)
    case, analyst = _traced_case(api, login, cards, t0, "LA2")
    asked = api.post(f"/cases/{case['id']}/trace/statements", headers=analyst).json()["requested"]
    rid = next(q["id"] for q in asked if q["account"] == cards["b"])
    ccb = login("bank_liaison", "CCB")
    good = _big_statement("LA2", cards["b"], cards["d"], t0).replace(b"{a}", cards["a"].encode())
    wrong = good.replace(f",{cards['b']},{cards['d']},".encode(), f",{cards['c']},{cards['d']},".encode())
    r = api.post(f"/requests/{rid}/statement", headers=ccb, files={"file": ("b.csv", wrong, "text/csv")})
    assert r.status_code == 202, r.text
    job = wait_for_job(api, ccb, r.json()["job_id"])
    assert job["state"] == "failed" and "cannot answer request" in job["failure"]
    assert [(e["line"], e["reason"][:5]) for e in job["errors"]] == [(123, "card:")]
    assert _stored("LA2") == 0  # nothing kept of a refused file
    assert api.get(f"/requests/{rid}", headers=ccb).json()["status"] != "completed"
    fixed = api.post(f"/requests/{rid}/statement", headers=ccb, files={"file": ("b.csv", good, "text/csv")})
    assert fixed.status_code == 202
    assert wait_for_job(api, ccb, fixed.json()["job_id"])["state"] == "done"
    assert api.get(f"/requests/{rid}", headers=ccb).json()["status"] == "completed"


async def test_the_bank_follows_a_large_answer_on_its_queue_page(user: User, make_user, small_limit) -> None:
    case, cards, t0 = _page_case(make_user, "LA3")
    _, _, analyst = make_user("analyst")
    with session_scope() as s:
        [req] = tracing.do_request_statements(s, analyst, case.id).requested
    content = _big_statement("LA3", cards["b"], cards["c"], t0).replace(b"{a}", cards["a"].encode())
    username, password, _ = make_user("bank_liaison", "PSBC")
    await sign_in(user, username, password)
    await user.should_see("PSBC 工作台", retries=50)
    await user.open(f"/queue/statement/{req.id}")
    await user.should_see(f"调单回复 · {cards['b']}", retries=50)
    upload = user.find(kind=ui.upload).elements.pop()
    await upload.handle_uploads([SmallFileUpload(name="b.csv", content_type="text/csv", _data=content)])
    await user.should_see("流水文件较大，正在后台读取", retries=50)
    await user.should_see("已回复：122 条流水已接收，调单已办结", retries=300)
    await user.should_see("案件将据此流水在后台重新追踪")
    for _ in range(300):  # the retrace job follows
        with session_scope() as s:
            latest = tracing.latest_trace(s, analyst, case.id)
        if cards["c"] in {c.account for c in latest.reached}:
            break
        await asyncio.sleep(0.05)
    assert {c.account: c.tier for c in latest.reached}[cards["c"]] == 3
    await user.open("/queue")  # leave the page that follows the job while the app still runs
