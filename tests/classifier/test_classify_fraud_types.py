"""A call taker or warning analyst classifies messages: each fraud type is recognised, ordinary texts are not."""

from __future__ import annotations

import pytest

from antifraud.classifier import Classification, classify, classify_many
from antifraud.core.vocab import FRAUD_TYPES

EXAMPLES: dict[str, list[str]] = {
    "impersonate_authority": [
        "我是市局经侦的，你别紧张，你那张建行卡被人拿去走账了，牵扯到一个跨省洗钱大案，现在要你配合做资金核查。",
        "张先生，法院这边通知你，你的案子明天就移交检察院了，想撤案的话先把名下存款转到监管账户。",
        "医保中心：您的医保卡在外省违规报销，我帮您转接当地公安局，请不要挂断。",
    ],
    "fake_loan": [
        "放款失败！您的银行卡号填错了，资金已冻结，请先转2000元解冻金，解冻后连同贷款一起打给您。",
        "私人借款，不看征信不押车，当天到账，只需身份证，有意私聊。",
        "你的额度批了8万，不过流水不够，要先往账户里存一万刷流水才能提现。",
    ],
    "fake_credit": [
        "您在校期间开通的学生贷款账户至今未注销，银保监会要求立即注销，否则影响个人征信。",
        "逾期记录、呆账都能消，内部渠道修复征信，一周出结果。",
        "您的借呗额度利率不合规，需要清空额度，不然会上征信黑名单。",
    ],
    "fake_customer_service": [
        "亲，您买的那件羽绒服被查出来甲醛超标，我们给您三倍赔偿，您打开支付宝备用金操作一下。",
        "快递员把您的包裹弄丢了，我们这边按照物品价值双倍理赔，您加一下理赔专员的微信。",
        "您好，您开通了抖音的百万保障服务，下个月起每月扣费，需要帮您取消吗？",
    ],
    "impersonate_acquaintance": [
        "小刘，我是你们单位的李总，换了新号，明早到我办公室来一趟。",
        "老同学，猜猜我是谁？最近手头有点紧，能不能先借我五千，下周一定还。",
        "妈，我手机摔坏了，用同学的号给你发的，学校要交资料费1200，转到这个账户。",
    ],
    "brushing_rebate": [
        "招聘兼职点赞员，给抖音视频点赞截图，一单一结，日赚两三百。",
        "做任务返佣金，先垫付再返本金和提成，任务平台下载地址见群公告。",
        "刷单冲销量，垫付货款立即返还，佣金百分之十。",
    ],
    "fake_investment": [
        "内部消息，这只股票下周必涨停，跟着老师操作稳赚不赔。",
        "数字货币理财平台，年化收益百分之三十，保本保息，充值即可。",
        "老师带单炒黄金期货，一周翻倍，入金一万起。",
    ],
    "fake_shopping": [
        "全新茅台低价转让，一千出头一瓶，先付定金后发货，不走平台。",
        "周杰伦演唱会门票内部渠道出，原价出，先转定金锁座。",
        "海外代购名牌包，高仿原单，付款后三天发货。",
    ],
    "game_trading": [
        "王者荣耀满皮肤账号低价出售，走担保交易平台。",
        "原神账号交易，您的账户因信息错误被冻结，需交保证金解冻。",
        "和平精英点券低价代充，五折充值。",
    ],
    "romance": [
        "亲爱的，我在海外工作，等这个项目结束就回国娶你，你先帮我交一下海关的手续费。",
        "宝贝，我们在交友软件上认识这么久了，你还不相信我吗，机票钱你先帮我垫一下。",
        "在婚恋网站认识的男朋友说要跟我结婚，让我先转彩礼钱给他周转。",
    ],
    "trojan": [
        "您的车辆有违章未处理，请点击链接下载查看：http://wz-12123.cc/app",
        "这是你吗？照片在这里 http://xc.top/p1",
        "请下载这个安装包，安装后开启所有权限，我远程帮你处理。",
    ],
    "other": [
        "恭喜您被节目组抽中为幸运观众，获得奖金八万八，请先缴纳个人所得税领奖。",
        "我们部队要采购一批大米，请先帮我们向指定供应商垫付货款。",
        "网络博彩平台，充值就送彩金，百家乐稳赢技巧。",
    ],
}

ORDINARY = [
    "【顺丰速运】您的快件已签收，感谢使用顺丰。",
    "【工商银行】您尾号3321卡12月5日10:02支出（消费）86.00元，余额5,120.33元。",
    "【微信支付】验证码 552901，用于身份验证，5分钟内有效，请勿泄露。",
    "今晚一起吃火锅吗？我订了七点的位子。",
    "各位同事，明天上午十点在三楼会议室开周会，请准时参加。",
    "【中国移动】您本月已使用流量18GB，剩余2GB，可订购流量加油包。",
    "【京东】您的订单已发货，预计明天送达。",
]

PREVENTION = [
    "【金华公安】公检法机关不会通过电话办案，更不会要求您把钱转到安全账户，请立即挂断并拨打110。",
    "反诈提醒：凡是刷单返利、垫付做任务的都是诈骗，不要相信高额佣金。",
    "警方提示：接到自称快递客服说要给您理赔的电话，请通过官方APP核实，谨防诈骗。",
    "银行提醒：正规贷款不会在放款前收取任何保证金、解冻费，谨防上当受骗。",
]


@pytest.mark.parametrize(("fraud_type", "text"), [(t, x) for t, xs in EXAMPLES.items() for x in xs])
def test_recognise_each_fraud_type(fraud_type: str, text: str) -> None:
    """Each hand-written example is given its fraud type, with cues a person can check in the text."""
    result = classify(text)
    expected = {fraud_type, "fake_loan", "fake_credit"} if fraud_type in ("fake_loan", "fake_credit") else {fraud_type}
    assert result.fraud_type in expected, (text, result)
    assert result.fraud_score >= 0.5
    assert result.cues


@pytest.mark.parametrize("text", ORDINARY + PREVENTION)
def test_ordinary_and_prevention_texts_are_none(text: str) -> None:
    """Notices, chats and anti-fraud publicity — which quotes fraud words — are not fraud."""
    result = classify(text)
    assert result.fraud_type == "none", (text, result)
    assert result.fraud_score < 0.5
    assert result.score == pytest.approx(1 - result.fraud_score, abs=1e-3)


def test_every_type_is_covered() -> None:
    """The examples above cover all 12 fraud types with at least three texts each."""
    assert set(EXAMPLES) == set(FRAUD_TYPES)
    assert all(len(v) >= 3 for v in EXAMPLES.values())


def test_result_fields_are_in_range() -> None:
    """Scores are probabilities; the type is one of the 12 codes or none; cues are short strings."""
    texts = [x for xs in EXAMPLES.values() for x in xs] + ORDINARY
    for result in classify_many(texts):
        assert isinstance(result, Classification)
        assert result.fraud_type in (*FRAUD_TYPES, "none")
        assert 0.0 <= result.score <= 1.0 and 0.0 <= result.fraud_score <= 1.0
        assert all(isinstance(c, str) and 0 < len(c) <= 20 for c in result.cues)
        assert len(result.cues) <= 5


def test_batch_equals_one_by_one() -> None:
    """classify_many gives the same answers as classify on each text."""
    texts = [x for xs in EXAMPLES.values() for x in xs][:12] + ORDINARY
    assert classify_many(texts) == [classify(t) for t in texts]


def test_cues_name_the_script() -> None:
    """The cues of a police-impersonation call include the script's key phrases."""
    result = classify("你涉嫌洗钱，需要把钱转到安全账户做资金核查，这件事要保密。")
    assert result.fraud_type == "impersonate_authority"
    assert {"安全账户", "资金核查"} <= set(result.cues)
