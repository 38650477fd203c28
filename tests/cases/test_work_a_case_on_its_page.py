"""An investigator works a case on its page: status, assignment, a card found later, a note, a correction, a file."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from tests.factories import card_of, case_payload
from tests.pages import sign_in


def _one(user: User, marker: str) -> ui.element:
    return next(iter(user.find(marker=marker).elements))


async def _timeline_reads(user: User, text: str) -> None:
    for _ in range(100):  # the page redraws from a worker thread
        if any(text in entry for entry in _timeline(user)):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the timeline does not read {text!r}: {_timeline(user)}")


def _timeline(user: User) -> list[str]:
    return [" ".join(child.text for child in row.default_slot.children if isinstance(child, ui.label))
            for row in user.find(marker="timeline-entry").elements]


async def test_a_commander_works_a_case_on_its_page(user: User, api, login, make_user) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    detective, _, _ = make_user("analyst", "JH-330782")
    username, password, _ = make_user("commander", "JH-330782")
    await sign_in(user, username, password)
    await user.open(f"/cases/{case['id']}")
    await user.should_see(f"案件 {case['case_no']}", retries=50)
    await user.should_see("已受理", retries=50)
    await user.should_see("办案单位：义乌市公安分局", retries=50)
    victim = next(iter(user.find(marker="case-victim").elements)).text  # every figure says what it is
    assert "姓名：" in victim and "年龄：" in victim and "户籍/居住区县：义乌市" in victim, victim
    await _timeline_reads(user, f"报案受理：{case['case_no']}")
    await _timeline_reads(user, "止付请求发往 ICBC")
    assert not any(f"#{case['id']}" in line for line in _timeline(user))

    user.find(marker="open-status").click()
    _one(user, "new-status").value = "under_investigation"
    user.find(marker="save-status").click()
    await _timeline_reads(user, "状态由「已受理」变更为「侦查中」")
    await user.should_see("侦查中", retries=50)

    user.find(marker="open-assign").click()
    _one(user, "assignee").value = detective
    user.find(marker="save-assign").click()
    await _timeline_reads(user, f"指派办案人：（空） → {detective}")

    card = card_of("BOC")
    _one(user, "identifier-value").value = card
    _one(user, "identifier-amount").value = "2000"
    user.find(marker="add-identifier").click()
    await _timeline_reads(user, f"补充涉案要素：银行卡 {card}")
    await _timeline_reads(user, f"止付请求发往 BOC：{card}，金额 ¥2,000.00")

    _one(user, "note-text").value = "受害人补充了聊天记录"
    user.find(marker="add-note").click()
    await _timeline_reads(user, "备注：受害人补充了聊天记录")

    _one(user, "correct-field").value = "loss_amount"
    _one(user, "correct-value").value = "14800.50"
    user.find(marker="save-correction").click()
    await _timeline_reads(user, "更正「损失金额」：原为「12,800.50」，更正为「14,800.50」")

    html = b"<html><body><script>alert(1)</script></body></html>"
    upload = _one(user, "upload")
    await upload.handle_uploads([SmallFileUpload(name="chat.html", content_type="text/html", _data=html)])
    await _timeline_reads(user, "附件：chat.html（text/html")
    user.find(kind=ui.button, content="下载").click()
    downloaded = await user.download.next(timeout=5)
    assert downloaded.content == html


async def test_a_refused_move_is_explained_and_changes_nothing(user: User, api, login, make_user) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.open(f"/cases/{case['id']}")
    await user.should_see("已受理", retries=50)
    user.find(marker="open-status").click()
    _one(user, "new-status").value = "closed"
    user.find(marker="save-status").click()  # no reason given
    await user.should_see("reason", retries=50)
    assert not any("变更为" in line for line in _timeline(user))


async def test_a_partner_and_another_county_cannot_open_the_case(user: User, api, login, make_user) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    username, password, _ = make_user("analyst", "JH-330702")
    await sign_in(user, username, password)
    await user.open(f"/cases/{case['id']}")
    await user.should_see("not found", retries=50)
    await user.should_not_see(case["case_no"])


async def test_a_bank_liaison_is_refused_the_case_page(user: User, api, login, make_user) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    username, password, _ = make_user("bank_liaison", "ICBC")
    await sign_in(user, username, password)
    await user.open(f"/cases/{case['id']}")
    await user.should_see("无权访问此页面", retries=50)
    await user.should_not_see(case["case_no"])
