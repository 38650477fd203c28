"""The one list of the center's vocabularies: fraud types, banks, carriers, trace rules and bounds, a
report's occupations and education levels; codes in order, with their Chinese and English labels.

Pages, schemas, the simulator and the engines import these; nothing else defines them.
"""

from __future__ import annotations

from dataclasses import dataclass

Labels = dict[str, tuple[str, str]]
"""Code -> (Chinese, English), in vocabulary order."""

FRAUD_TYPE_LABELS: Labels = {
    "brushing_rebate": ("刷单返利", "Order brushing / rebate"),
    "fake_investment": ("虚假投资理财", "Fake investment"),  # incl. 邮币卡 stamps, coins and cards
    "fake_loan": ("虚假网络贷款", "Fake online loan"),
    "fake_customer_service": ("冒充电商物流客服", "Fake e-commerce/logistics support"),
    "impersonate_authority": ("冒充公检法", "Impersonating police/prosecutors/courts"),
    "fake_credit": ("虚假征信", "Fake credit record"),
    "fake_shopping": ("虚假购物服务", "Fake shopping/services"),
    "impersonate_acquaintance": ("冒充领导熟人", "Impersonating a boss or acquaintance"),
    "game_trading": ("网络游戏虚假交易", "Fake game-item trading"),
    "romance": ("网络婚恋交友", "Online romance"),
    "trojan": ("木马钓鱼", "Trojan / phishing"),
    "other": ("其他", "Other"),
}
FRAUD_TYPES: tuple[str, ...] = tuple(FRAUD_TYPE_LABELS)
"""The twelve fraud types (诈骗类型) a case, a warning or a text is classified into."""


@dataclass(frozen=True)
class Partner:
    """A bank or carrier the center sends requests to: its code and names."""

    code: str
    name_zh: str
    name_en: str


BANKS: tuple[Partner, ...] = (
    Partner("ICBC", "中国工商银行", "Industrial and Commercial Bank of China"),
    Partner("ABC", "中国农业银行", "Agricultural Bank of China"),
    Partner("BOC", "中国银行", "Bank of China"),
    Partner("CCB", "中国建设银行", "China Construction Bank"),
    Partner("BOCOM", "交通银行", "Bank of Communications"),
    Partner("CMB", "招商银行", "China Merchants Bank"),
    Partner("PSBC", "中国邮政储蓄银行", "Postal Savings Bank of China"),
)
"""The partner banks (stop-payment, freeze, statements); the BIN table knows more issuers than these."""
BANK_CODES: tuple[str, ...] = tuple(b.code for b in BANKS)

CARRIERS: tuple[Partner, ...] = (
    Partner("CMCC", "中国移动", "China Mobile"),
    Partner("CUCC", "中国联通", "China Unicom"),
    Partner("CTCC", "中国电信", "China Telecom"),
)
"""The partner carriers (number blocking)."""
CARRIER_CODES: tuple[str, ...] = tuple(c.code for c in CARRIERS)
DELIVERY_PLATFORMS: tuple[Partner, ...] = (
    Partner("MEITUAN", "美团外卖", "Meituan Waimai"),
    Partner("ELEME", "饿了么", "Ele.me"),
)
"""The partner food-delivery platforms (anti-fraud lessons printed on their packaging)."""

GATEWAYS: tuple[Partner, ...] = (
    Partner("CMCC-INTL", "中国移动国际关口局", "China Mobile international gateway"),
    Partner("CUCC-INTL", "中国联通国际关口局", "China Unicom international gateway"),
    Partner("CTCC-INTL", "中国电信国际关口局", "China Telecom international gateway"),
)
"""The carriers' international gateways (国际关口局), where calls from an overseas number are blocked.

A call from abroad can come in through any carrier's gateway, so an overseas number is sent to all three."""
GATEWAY_CODES: tuple[str, ...] = tuple(g.code for g in GATEWAYS)
NUMBER_CARRIERS: tuple[Partner, ...] = (*CARRIERS, Partner("CBN", "中国广电", "China Broadnet"))
"""Every network a mainland number can belong to (中国广电 is not a partner yet)."""

TRACE_RULE_LABELS: Labels = {
    "fifo": ("先进先出（银行惯例）", "FIFO (bank practice)"),
    "proportional": ("按比例", "Proportional"),
    "poison": ("全额污染（上限）", "Poison (upper bound)"),
}
TRACE_RULES: tuple[str, ...] = tuple(TRACE_RULE_LABELS)
"""How a card's outgoing money is attributed to the victim's money that came in."""


@dataclass(frozen=True)
class Bound:
    """A setting's default and the range a user may choose."""

    default: float
    low: float
    high: float


TRACE_TIERS = Bound(default=5, low=1, high=10)
"""Tiers of cards followed from the victim's payment (一级卡, 二级卡 …)."""
TRACE_WINDOW_HOURS = Bound(default=72, low=0, high=24 * 90)
"""Transfers later than this after the seed are not followed (the low end is exclusive)."""
TRACE_FANOUT_CAP = Bound(default=200, low=1, high=100_000)
"""Outgoing transfers followed per card; a hub above it is cut and named."""

OCCUPATION_LABELS: Labels = {
    "student": ("学生", "Student"), "factory_worker": ("工厂工人", "Factory worker"),
    "ecommerce": ("电商从业者", "E-commerce worker"), "self_employed": ("个体工商户", "Self-employed"),
    "civil_servant": ("公职人员", "Civil servant"), "teacher": ("教师", "Teacher"),
    "medical": ("医务人员", "Medical worker"), "finance": ("金融从业者", "Finance worker"),
    "company_employee": ("企业职员", "Company employee"), "service_worker": ("服务业人员", "Service worker"),
    "courier": ("快递外卖骑手", "Courier / delivery rider"), "farmer": ("农民", "Farmer"),
    "retiree": ("离退休人员", "Retiree"), "unemployed": ("待业人员", "Unemployed"),
    "freelancer": ("自由职业者", "Freelancer"), "other": ("其他", "Other"),
}
OCCUPATIONS: tuple[str, ...] = tuple(OCCUPATION_LABELS)

EDUCATION_LABELS: Labels = {
    "primary": ("小学", "Primary"), "junior_high": ("初中", "Junior high"),
    "senior_high": ("高中", "Senior high"), "vocational": ("中专/职高", "Vocational"),
    "associate": ("大专", "Associate (junior college)"), "bachelor": ("本科", "Bachelor"),
    "postgraduate": ("研究生", "Postgraduate"), "unknown": ("不详", "Unknown"),
}
EDUCATION_LEVELS: tuple[str, ...] = tuple(EDUCATION_LABELS)

IDENTIFIER_ROLES: tuple[str, ...] = ("suspect", "victim")
