"""Cue lexicon (话术特征词): the words and phrases of each fraud type's scripts, with weights.

Weights: 3 — nearly only said by fraudsters of that type (安全账户, 解冻金); 2 — typical of the type's
script; 1 — common in it but also in ordinary life (客服, 贷款). Two extra groups speak for `none`:
`prevention` (warnings and anti-fraud publicity, which use the fraudsters' words too) and `ordinary`
(the fixed phrases of real notices: 取件码, 退订, 余额). A last group, `demand`, holds what every
script ends in — move money, hand over a code, install something, add a contact — so the model can
tell an official-sounding notice that asks for nothing from one that asks for money.

Cues are written in simplified Chinese, lower case; they are normalised like the texts they are
matched against, so a cue is found in traditional, full-width or spaced-out writing as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from hashlib import sha256

import numpy as np

from antifraud.classifier.normalize import normalize
from antifraud.core.vocab import FRAUD_TYPES

PREVENTION = "prevention"
ORDINARY = "ordinary"
DEMAND = "demand"
GROUPS: tuple[str, ...] = (*FRAUD_TYPES, PREVENTION, ORDINARY, DEMAND)

# group -> weight -> whitespace-separated cues
_CUES: dict[str, dict[float, str]] = {
    "impersonate_authority": {
        3: "安全账户 资金核查 资金清查 清查资金 通缉令 逮捕令 拘捕令 冻结令 清查令 监管账户 国家账户 "
           "视频笔录 自证清白 涉嫌洗钱 洗钱案 侦查保密 保密协议 财产保全 网上通缉 红色通缉 协查通报 "
           "配合调查 配合警方 配合公安 资产审查 资金审查 涉案资金 身份被冒用 身份证被冒用 转接公安",
        2: "公安局 检察院 检察官 法院 刑侦 经侦 民警 警官 警号 涉嫌 洗钱 逮捕 拘留 立案 案件编号 "
           "案件号 办案 非法集资 贩毒 走私 医保卡 社保卡 刑事责任 传票 最高人民检察院 公检法 "
           "专案组 不要告诉任何人 不能告诉家人 不要告诉家人 保密 一级保密 证件号 冒用 "
           "名下银行卡 出境 电话笔录 自查 核查 冻结您的 冻结你的 卫健委 医保局 社保局 市场监管局 "
           "税务局 海关 通讯管理局 工信部 派出所 逾期不处理 强制执行 法律责任 追究",
        1: "公安 警察 调查 案件 犯罪 诉讼 冻结 涉案 传唤 公职 机关 核实身份 身份信息",
    },
    "fake_loan": {
        3: "解冻金 解冻费 流水不足 刷流水 银行流水不足 卡号填错 卡号错误 账号填写错误 "
           "银行卡填写错误 不看征信 不查征信 黑户可贷 黑户 秒下款 秒到账 秒批 验资 "
           "还款能力不足 激活额度 放款失败 贷款被冻结 贷款冻结",
        2: "无抵押 无担保 低息 低利息 免息 保证金 放款 下款 网贷 借款 借钱 额度 审核通过 当天放款 "
           "日息 月息 利率低 年化 手续费 工本费 会员费 包装费 服务费 贷款 贷款app 信用贷 小额贷 "
           "急用钱 资金周转 征信不好 征信花 负债高 大额贷 放款账户 提现失败 冻结 解冻 "
           "秒过 无需面签 凭身份证 只需身份证 快速审批",
        1: "征信 利息 分期 还款 申请 审批",
    },
    "fake_credit": {
        3: "征信修复 修复征信 注销校园贷 注销学生账户 学生账户 校园贷 校园贷款 注销账户 影响征信 "
           "征信受损 征信有污点 消除逾期 逾期记录 清空额度 清零额度 注销京东金条 注销金条 "
           "关闭借呗 注销借呗 关闭花呗 学生身份 大学期间开通 银保监会要求 银保监会 金融监管总局 "
           "征信中心 人民银行征信 个人征信报告 征信记录 征信不良 征信黑名单 征信逾期",
        2: "征信 逾期 不良记录 注销 金条 借呗 花呗 微粒贷 白条 额度 清空 利息过高 违规",
        1: "学生 毕业 账户异常",
    },
    "fake_customer_service": {
        3: "快递丢失 包裹丢失 快件丢失 丢件 理赔 三倍赔偿 双倍赔偿 双倍退款 三倍理赔 百万保障 "
           "取消会员 关闭会员 自动续费 自动扣费 备用金 代理商 取消代理 共享屏幕 屏幕共享 "
           "质量问题 召回 甲醛超标 不合格 退还 退款操作 商品有问题 赔付 理赔金 退货退款 "
           "关闭服务 订单异常 店铺违规 直播会员 会员服务 扣费 开通了 误操作 积分兑换 积分清零 "
           "etc认证 etc失效 航班取消 航班延误 改签 退票 补偿",
        2: "客服 淘宝 天猫 京东 拼多多 抖音 快手 唯品会 支付宝 退款 赔偿 快递 包裹 物流 订单 "
           "商家 店铺 售后 会员 扣除 每月扣 年费 关闭 取消 退货 腾讯会议 会议软件 钉钉 "
           "顺丰 中通 圆通 申通 韵达 极兔 邮政 航空公司 机票 积分 运营商 保险 到期",
        1: "商品 购买 平台 官方",
    },
    "impersonate_acquaintance": {
        3: "我是你领导 我是你的领导 我是你老板 我是你们领导 猜猜我是谁 这是我新号 换号了 新号码 "
           "加我微信 加一下我微信 帮我转 帮我垫 先帮我垫 帮我先转 帮我付 不方便接电话 "
           "在开会 明天来我办公室 到我办公室 老同学 我换了号 手机丢了 手机坏了 不方便说话 "
           "先垫付一下 转到这个账户 转给这个账号 打到这个卡 别跟别人说 不要跟别人说 "
           "领导让你 你舅舅 你表哥 我是你表 我是你同学",
        2: "领导 老板 校长 主任 局长 书记 董事长 总经理 老师 班主任 急用 借点钱 周转 急需 "
           "同学 表哥 表姐 舅舅 儿子 女儿 老同事 老朋友 熟人 亲戚 转账 打钱 汇款 垫付 "
           "这个号 新微信 加微信 在吗 忙吗 方便吗 收款账户",
        1: "帮个忙 帮忙 明天还你 回头还",
    },
    "brushing_rebate": {
        3: "刷单 刷信誉 点赞员 返利 垫付 做任务 任务单 联单 卡单 佣金 高佣 动动手指 日赚 日结 "
           "手机兼职 兼职招聘 在家就能赚 宝妈 学生党 关注主播 点赞关注 派单 接单 冲单 连单 "
           "任务平台 刷销量 刷好评 提现 返佣 返现 本金",
        2: "兼职 任务 点赞 关注 截图 收益 工资 零花钱 招聘 在家 轻松 赚钱 当天结算 日薪",
        1: "加群 进群 导师 邀请码",
    },
    "fake_investment": {
        3: "稳赚不赔 内幕消息 带单 荐股 牛股 涨停 数字货币 虚拟币 usdt 区块链 挖矿 邮币卡 "
           "藏品 数字藏品 原始股 养老项目 出金 入金 高回报 保本保息 翻倍 收益率 充值入金 "
           "投资平台 理财平台 内部渠道 导师带 老师带 股票群 炒股群 分析师 期货 外汇 "
           "比特币 以太坊 币圈 杠杆 新股 打新",
        2: "投资 理财 回报 收益 利润 行情 股票 基金 黄金 原油 平台 充值 盈利 本金 亏损 "
           "大盘 建仓 抄底 配资",
        1: "老师 导师 会员 社群",
    },
    "fake_shopping": {
        3: "低价转让 低价出售 内部价 原单 高仿 私下交易 先付定金 定金 预付款 付款后发货 "
           "不发货 拉黑 尾款 演唱会门票 门票 代购 海外代购 免税 口罩 茅台 清仓 跑路",
        2: "低价 正品 包邮 转让 二手 闲鱼 付款 发货 微商 货到 出售 现货 限量 优惠价",
        1: "购买 商品 价格",
    },
    "game_trading": {
        3: "游戏账号 买号 卖号 装备 皮肤 点券 游戏币 代练 解封 账号冻结 担保交易 交易平台 "
           "王者荣耀 和平精英 原神 英雄联盟 梦幻西游 魔兽 元宝 金币 钻石 充值折扣 低价充值 "
           "游戏充值 账号交易 交易猫 藏宝阁",
        2: "游戏 账号 充值 交易 保证金 解冻 冻结 实名",
        1: "平台 客服",
    },
    "romance": {
        3: "网恋 婚恋 相亲 交友 婚恋网站 交友软件 见面 机票钱 彩礼 嫁给你 结婚 老公 老婆 "
           "宝贝 亲爱的 想你 爱你 陪伴 缘分 感情",
        2: "单身 离异 女朋友 男朋友 聊天 照片 视频 约会 礼物 红包 一起 未来",
        1: "认识 喜欢",
    },
    "trojan": {
        3: "木马 apk 安装包 下载app 下载软件 远程控制 点击链接 相册 照片在这里 看看这是不是你 "
           "违章记录 违章查询 查看详情 领取补贴 补贴领取 退税 身份验证 升级认证 输入银行卡号 "
           "输入密码 输入验证码 验证码告诉 验证码发给 把验证码 报一下验证码 链接",
        2: "链接 下载 安装 点击 登录 补贴 验证码 认证 过期 失效 升级 账号异常 密码 银行卡号",
        1: "查看 通知 官网",
    },
    "other": {
        3: "中奖 恭喜您中奖 幸运观众 领奖 奖金 一等奖 部队采购 军人 军官 部队 订餐 采购 "
           "赌博 博彩 百家乐 彩票 捐款 慈善 助学金 补助金 扶贫款 冒充军人",
        2: "奖品 抽奖 中了 幸运 手续费 个人所得税 邮费",
        1: "恭喜",
    },
    PREVENTION: {
        3: "谨防 警惕 反诈 防诈 防骗 96110 都是诈骗 均为诈骗 一律是诈骗 就是诈骗 不要轻信 切勿 不会通过电话 "
           "不存在所谓 不存在安全账户 不会要求 立即挂断 警方提示 警方提醒 提高警惕 守好钱袋子 不听不信不转账 "
           "凡是 防范意识 反电信网络诈骗 宣传 识骗 防范 骗局 以防被骗 谨慎 未知链接 陌生链接 陌生来电",
        2: "提醒您 温馨提示 请勿 不要相信 核实 报警 拨打110 官方渠道 注意防范 当心 骗子 诈骗 国家反诈中心 "
           "诈骗手段 诈骗分子 上当 受骗",
        1: "提醒 公安",
    },
    ORDINARY: {
        3: "取件码 已签收 驿站 退订 回td 回t退订 拒收请回复 余额为 余额 入账 还款日 账单日 "
           "验证码为 请勿泄露 如非本人操作 请勿转发 有效期 分钟内有效 流量包 话费余额 优惠券 "
           "满减 会员日 挂号 就诊 复诊 体检 家长会 放假 航班号 登机口 值机 检票口 车次 出票 "
           "已出票 座位号 停水 停电 缴费成功 充值成功 交易成功 预约成功 订单已发货 已发货 "
           "派送中 正在派送 快递员 物业 开会 周会 例会 加班 吃饭 聚餐 哈哈",
        2: "谢谢 收到 好的 辛苦了 明天见 晚安 生日快乐 恭喜发财 新年快乐 天气 下雨 上课 "
           "作业 考试 会议 报表 方案 客户 合同 发票 报销 行程 出行 到站 欢迎 营业厅 售楼处 看房 样板间 "
           "理财有风险 投资需谨慎 以审批为准 不收取任何费用 无需操作 无需回复 仅为通知 到店 门店 网点 "
           "官方app 手机银行 掌上营业厅 积分兑换礼品 回复t退订",
        1: "您好 通知 祝您",
    },
    DEMAND: {
        3: "转账 汇款 打款 转到 转入 转给 打到 汇到 缴纳 先交 交钱 垫付 借给 充值 屏幕共享 共享屏幕 "
           "验证码告诉 验证码发 报验证码 下载 安装 加微信 加qq 点击链接 扫码 二维码 银行卡号 密码 "
           "打进 汇进 转过来 打过来 先付 先转 先垫 借出来 提出来 清零 核验账户 监管卡 指定账户 陌生的卡 "
           "朋友的卡 同学卡上 会议软件 别告诉 别跟家里说 别声张 不要挂电话 不要告诉 别在群里说 你知我知 "
           "截图发我 截图给我 报给我 念给我 发给我 输入我报",
        2: "账户 卡号 转钱 付款 支付 交费 费用 借钱 借我 还你 登录 链接 联系 回电 添加 马上 立即 尽快 抓紧 "
           "要快 今天之内 半小时内 下班前 逾期作废 否则 不然 必须 按提示操作 一步步",
        1: "操作 办理 处理",
    },
}


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: its text (normalised), and its weight for each group that lists it."""

    text: str
    weights: tuple[tuple[int, float], ...]   # (group index, weight)


def _parse(cues: Mapping[str, Mapping[float, str]]) -> list[Cue]:
    """Flatten the table into one entry per distinct cue (the highest weight per group wins)."""
    table: dict[str, dict[int, float]] = {}
    for group, tiers in cues.items():
        gi = GROUPS.index(group)
        for weight, words in tiers.items():
            for word in words.split():
                text = normalize(word)
                if len(text) < 2 or " " in text:
                    raise ValueError(f"cue {word!r} must be one word of at least two characters")
                slot = table.setdefault(text, {})
                slot[gi] = max(slot.get(gi, 0.0), float(weight))
    return [Cue(t, tuple(sorted(w.items()))) for t, w in sorted(table.items())]


@dataclass(frozen=True)
class Matches:
    """Cues found in a batch: (text index, cue index) pairs, each pair once, grouped by text."""

    doc: np.ndarray
    cue: np.ndarray


class Lexicon:
    """Compiled cue table; finds every cue in a batch of normalised texts with a few numpy passes."""

    def __init__(self, cues: Mapping[str, Mapping[float, str]] = _CUES) -> None:
        self.cues = _parse(cues)
        self.texts = [c.text for c in self.cues]
        width = max(len(t) for t in self.texts)
        self._cps = np.zeros((len(self.texts), width), dtype=np.int64)
        for i, t in enumerate(self.texts):
            self._cps[i, : len(t)] = [ord(ch) for ch in t]
        self._len = np.array([len(t) for t in self.texts], dtype=np.int64)
        first = (self._cps[:, 0] << 21) | self._cps[:, 1]
        self._order = np.argsort(first, kind="stable")
        self._first, self._start = np.unique(first[self._order], return_index=True)
        self._stop = np.append(self._start[1:], len(first))
        self.weights = np.zeros((len(self.cues), len(GROUPS)), dtype=np.float64)
        for i, cue in enumerate(self.cues):
            for gi, w in cue.weights:
                self.weights[i, gi] = w

    @cached_property
    def digest(self) -> str:
        """Fingerprint of the cue table; a model records the one it was trained with."""
        body = "\n".join(f"{c.text}\t{c.weights}" for c in self.cues)
        return sha256(body.encode()).hexdigest()[:16]

    def match(self, texts: Sequence[str]) -> Matches:
        """Every cue occurring in each normalised text (overlapping occurrences included)."""
        if not texts:
            empty = np.zeros(0, dtype=np.int64)
            return Matches(empty, empty)
        joined = "\0".join(texts) + "\0"
        width = self._cps.shape[1]
        cps = np.frombuffer((joined + "\0" * width).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        cps[cps == 32] = 0
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) + 1 for t in texts])
        bigram = (cps[:-1] << 21) | cps[1:]
        slot = np.searchsorted(self._first, bigram)
        slot[slot == len(self._first)] = 0
        pos = np.flatnonzero(self._first[slot] == bigram)
        pos = pos[pos < len(doc)]
        slot = slot[pos]
        per = self._stop[slot] - self._start[slot]
        pair_pos = np.repeat(pos, per)
        offsets = np.arange(len(pair_pos)) - np.repeat(np.cumsum(per) - per, per)
        pair_cue = self._order[np.repeat(self._start[slot], per) + offsets]
        window = cps[pair_pos[:, None] + np.arange(width)]
        beyond = np.arange(width)[None, :] >= self._len[pair_cue][:, None]
        ok = np.all((window == self._cps[pair_cue]) | beyond, axis=1)
        found_doc, found_cue = doc[pair_pos[ok]], pair_cue[ok]
        if len(found_doc) == 0:
            return Matches(found_doc, found_cue)
        pairs = np.unique(found_doc * len(self.cues) + found_cue)
        return Matches(pairs // len(self.cues), pairs % len(self.cues))

    def scores(self, matches: Matches, n_docs: int) -> np.ndarray:
        """Sum of matched cues' weights per text and group: shape (n_docs, len(GROUPS))."""
        out = np.zeros((n_docs, len(GROUPS)), dtype=np.float64)
        np.add.at(out, matches.doc, self.weights[matches.cue])
        return out


_DEFAULT: Lexicon | None = None


def default_lexicon() -> Lexicon:
    """The package's cue lexicon, compiled once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Lexicon()
    return _DEFAULT
