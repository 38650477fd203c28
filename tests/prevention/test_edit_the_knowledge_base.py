"""Prevention staff edit the eleven categories: every edit a new version, limits checked, old versions readable."""

from __future__ import annotations

from typing import Any

from antifraud.prevention.engine import loss_band, mask_identifiers
from tests.factories import case_payload, resident_id

CATEGORIES = {"fake_shopping", "fake_loan", "brushing_rebate", "fake_customer_service", "impersonate_authority",
              "fake_investment", "romance", "game_trading", "fake_credit", "impersonate_acquaintance", "trojan"}


def _texts(api: Any, category: str) -> dict[str, Any]:
    current = next(k for k in api.get("/knowledge").json() if k["category"] == category)
    return {k: current[k] for k in ("title_zh", "title_en", "signs_zh", "signs_en", "lesson_zh", "lesson_en",
                                    "sms_zh", "sms_en", "packaging_zh", "packaging_en")}


def test_anyone_reads_the_eleven_categories_in_chinese_and_english(api) -> None:
    answer = api.get("/knowledge")
    assert answer.status_code == 200, answer.text
    items = answer.json()
    assert {k["category"] for k in items} == CATEGORIES
    for item in items:
        assert len(item["sms_zh"]) <= 70 and len(item["packaging_zh"]) <= 60
        assert len(item["packaging_en"]) <= 60
        assert item["signs_zh"] and item["signs_en"] and item["lesson_zh"] and item["lesson_en"]


def test_an_analyst_saves_a_new_version_and_the_old_one_stays_readable(api, login) -> None:
    headers = login("analyst")
    before = _texts(api, "fake_loan")
    versions = api.get("/knowledge/fake_loan/versions", headers=headers).json()
    edited = before | {"sms_zh": "【金华反诈】贷款前先交钱的都是诈骗！请认准银行等正规渠道。",
                       "signs_zh": [*before["signs_zh"], "对方自称“内部渠道”可以“包过”"]}
    saved = api.post("/knowledge/fake_loan", headers=headers, json=edited | {"note": "新增一条信号"})
    assert saved.status_code == 201, saved.text
    assert saved.json()["version"] == versions[0]["version"] + 1
    assert _texts(api, "fake_loan")["sms_zh"] == edited["sms_zh"]
    old = api.get(f"/knowledge/fake_loan/versions/{versions[0]['version']}", headers=headers).json()
    assert old["sms_zh"] == before["sms_zh"]
    listed = api.get("/knowledge/fake_loan/versions", headers=headers).json()
    assert [v["version"] for v in listed] == sorted((v["version"] for v in listed), reverse=True)
    assert listed[0]["note"] == "新增一条信号" and listed[0]["edited_by"].startswith("analyst-")


def test_an_sms_longer_than_70_characters_is_refused_by_name(api, login) -> None:
    headers = login("commander")
    texts = _texts(api, "romance")
    answer = api.post("/knowledge/romance", headers=headers, json=texts | {"sms_zh": "网" * 71})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["field"] == "sms_zh"
    assert "70" in answer.json()["detail"][0]["msg"]
    answer = api.post("/knowledge/romance", headers=headers, json=texts | {"packaging_zh": "包" * 61,
                                                                          "signs_en": []})
    assert {d["field"] for d in answer.json()["detail"]} == {"packaging_zh", "signs_en"}
    assert _texts(api, "romance") == texts  # nothing saved


def test_partners_and_experts_may_not_edit_and_unknown_categories_are_404(api, login) -> None:
    texts = _texts(api, "trojan")
    for role, org in (("carrier_liaison", "CMCC"), ("expert", "JH"), ("call_taker", "JH")):
        assert api.post("/knowledge/trojan", headers=login(role, org), json=texts).status_code == 403
    assert api.get("/knowledge/trojan/versions", headers=login("carrier_liaison", "CMCC")).status_code == 403
    assert api.post("/knowledge/other", headers=login("analyst"), json=texts).status_code == 404


def test_recent_cases_are_shown_without_names_or_numbers(api, login) -> None:
    id_number = resident_id(division="330702", birth="19950307")
    narrative = f"王小明接到自称客服电话13857901234，要求向6222021234567890123转账，并报出身份证{id_number}。"
    filed = api.post("/cases", headers=login("call_taker"), json=case_payload(
        fraud_type="fake_customer_service", narrative=narrative,
        victim={"name": "王小明", "phone": "13857905555", "id_number": id_number}))
    assert filed.status_code == 201, filed.text
    stories = api.get("/knowledge/fake_customer_service/cases", headers=login("analyst")).json()
    story = stories[0]
    text = str(story)
    for secret in ("王小明", "13857901234", "6222021234567890123", id_number, "13857905555"):
        assert secret not in text
    assert "某某" in story["story"] and "[手机号]" in story["story"] and "[卡号]" in story["story"]
    assert story["loss_band"] == "10k_50k"
    assert story["age_band"] in ("18-30", "31-45") and story["district"] == "330702"


def test_masking_and_loss_bands_on_their_own() -> None:
    masked = mask_identifiers("李华的卡6217 0000 1111 2222 333，手机+86 139-5791-2345，网址http://x.cn/a，"
                              "身份证33070219900101123X", ("李华",))
    assert "李华" not in masked and "6217" not in masked and "139" not in masked and "x.cn" not in masked
    assert "[身份证号]" in masked
    assert mask_identifiers("损失5000元") == "损失5000元"  # amounts are not identifiers
    assert [loss_band(__import__("decimal").Decimal(v)) for v in ("999.99", "1000", "60000", "100000")] == [
        "lt_1k", "1k_10k", "50k_100k", "ge_100k"]
