"""Classify a text through the API and the CLI, and get a fraud-type suggestion at intake."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from typer.testing import CliRunner

from antifraud.cli import app
from tests.pages import sign_in

AUTHORITY = "我是市公安局民警，你的银行卡涉嫌洗钱案件，现在要对你的资金进行核查，请把钱转到安全账户，不要告诉家人。"


def test_classify_api_answers_type_score_and_cues(api, login) -> None:
    r = api.post("/classify", headers=login("analyst"), json={"text": AUTHORITY})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["fraud_type"] == "impersonate_authority" and out["score"] > 0.5 and out["cues"]
    plain = api.post("/classify", headers=login("analyst"), json={"text": "妈，我今晚加班，晚饭不回来吃了"}).json()
    assert plain["fraud_type"] == "none"
    assert api.post("/classify", json={"text": "x"}).status_code == 401


def test_classify_command_adds_columns(tmp_path) -> None:
    path = tmp_path / "msgs.csv"
    path.write_text("id,content\n1," + AUTHORITY + "\n2,您的快递已到驿站，取件码 3-2-1108\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["classify", str(path), "--column", "content"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "id,content,fraud_type,score,cues"
    assert ",impersonate_authority," in lines[1] and ",none," in lines[2]
    missing = CliRunner().invoke(app, ["classify", str(path), "--column", "text"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


async def test_intake_suggests_the_type_from_the_narrative(user: User, make_user) -> None:
    username, password, _ = make_user("call_taker")
    await sign_in(user, username, password)
    await user.should_see("接警录入", retries=50)
    narrative = next(el for el in user.find(kind=ui.textarea).elements if el.props.get("data-testid") == "narrative")
    narrative.value = AUTHORITY
    user.find(kind=ui.textarea).trigger("blur")
    await user.should_see("系统建议：冒充公检法", retries=60)
    select = next(el for el in user.find(kind=ui.select).elements if el.props.get("data-testid") == "fraud-type")
    assert select.value == "impersonate_authority"
