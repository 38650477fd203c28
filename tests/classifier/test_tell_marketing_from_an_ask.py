"""An analyst reads marketing and scripts on the same topics: only the ask (move money, give a code) makes fraud."""

from __future__ import annotations

import pytest

from antifraud.classifier import classify

PAIRS = [
    ("【中国移动】您有2000积分将于月底失效，可在掌上营业厅兑换话费券，退订回TD",
     "您的积分即将清零，点击链接 http://jf-yd.top 输入银行卡号和验证码即可兑换现金"),
    ("【招商银行】大额存单年利率2.1%，20万元起购，理财有风险投资需谨慎，详询网点",
     "招商银行内部理财，年化18%保本保息，今天之内把钱转到这个账户就给你锁定名额"),
    ("【平安银行】贷款额度最高30万，年化利率3.6%起，放款前不收取任何费用，请通过官方APP申请",
     "您申请的5万已审批，放款前需先付保证金2000到财务账户，到账后随贷款一起返还"),
    ("王总您好，下午三点的会议改到三楼会议室，资料我已经打印好了",
     "小李，我是王总，客户在旁边不好打电话，你先把5万打给这个供应商，别在群里说"),
]


@pytest.mark.parametrize(("ordinary", "fraud"), PAIRS)
def test_same_topic_without_the_ask_is_ordinary(ordinary: str, fraud: str) -> None:
    """The notice is `none`, the text that asks for money or a code is fraud."""
    assert classify(ordinary).fraud_type == "none"
    assert classify(fraud).fraud_type != "none"


@pytest.mark.parametrize(("real", "anonymised"), [
    ("小李，我是王总，客户在旁边不好打电话，你先把5万打给这个供应商，别在群里说",
     "小NAME，我是NAME总，客户在旁边不好打电话，你先把NUM万打给这个供应商，别在群里说"),
    ("【中国移动】您有2000积分将于月底失效，可在掌上营业厅兑换话费券，退订回TD",
     "【LOC移动】您有<NUM>积分将于月底失效，可在掌上营业厅兑换话费券，退订回TD"),
])
def test_anonymised_text_reads_like_the_real_one(real: str, anonymised: str) -> None:
    """Placeholder tokens of anonymised corpora give the same verdict as the values they replaced."""
    assert classify(anonymised).fraud_type == classify(real).fraud_type
