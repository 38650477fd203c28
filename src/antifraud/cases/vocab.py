"""Controlled vocabularies of a report: fraud types, occupations, education levels."""

from __future__ import annotations

FRAUD_TYPES: tuple[str, ...] = (
    "brushing_rebate",          # 刷单返利
    "fake_investment",          # 虚假投资理财 (incl. 邮币卡 stamps, coins and cards)
    "fake_loan",                # 虚假网络贷款
    "fake_customer_service",    # 冒充电商物流客服
    "impersonate_authority",    # 冒充公检法
    "fake_credit",              # 虚假征信
    "fake_shopping",            # 虚假购物服务
    "impersonate_acquaintance", # 冒充领导熟人
    "game_trading",             # 网络游戏虚假交易
    "romance",                  # 网络婚恋交友
    "trojan",                   # 木马钓鱼
    "other",                    # 其他
)

OCCUPATIONS: tuple[str, ...] = (
    "student", "factory_worker", "ecommerce", "self_employed", "civil_servant", "teacher", "medical",
    "finance", "company_employee", "service_worker", "courier", "farmer", "retiree", "unemployed",
    "freelancer", "other",
)

EDUCATION_LEVELS: tuple[str, ...] = (
    "primary", "junior_high", "senior_high", "vocational", "associate", "bachelor", "postgraduate",
    "unknown",
)

IDENTIFIER_ROLES: tuple[str, ...] = ("suspect", "victim")
