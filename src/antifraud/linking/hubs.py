"""Identifiers that must not link cases (枢纽): service numbers, big platforms, the victims' own.

Two reports both naming 95588 or taobao.com are not one gang. The built-in lists below say which
identifiers are shared by everyone; ``HubRule`` says when an identifier seen in many cases is a hub
rather than a gang's shared card or number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Banks', carriers' and public services' numbers, and the national numbers everybody calls.
SERVICE_NUMBERS = frozenset({
    "95588", "95533", "95599", "95566", "95559", "95555", "95558", "95568", "95595", "95528", "95561",
    "95577", "95580", "95508", "95511", "95522", "95500", "95518", "95516", "95017", "95188", "95106",
    "10086", "10010", "10000", "10001", "10011", "10016", "10018", "10099", "96110", "110", "120", "119", "122",
    "12110", "12315", "12345", "12381", "12321", "12306", "114", "116114",
})
_SERVICE_PATTERN = re.compile(r"^(?:\+86)?(?:95\d{3}|96\d{3}|100\d{2}|1[0-2]\d{3}|400\d{7}|800\d{7})$")
# Platforms used by everybody, by registrable domain and by app.
BIG_DOMAINS = frozenset({
    "taobao.com", "tmall.com", "jd.com", "qq.com", "weixin.qq.com", "baidu.com", "alipay.com", "meituan.com",
    "pinduoduo.com", "yangkeduo.com", "douyin.com", "kuaishou.com", "weibo.com", "163.com", "126.com",
    "sina.com.cn", "sohu.com", "xiaohongshu.com", "bilibili.com", "ctrip.com", "12306.cn", "gov.cn",
    "apple.com", "icloud.com", "microsoft.com", "google.com", "amap.com", "dianping.com", "ele.me",
    "icbc.com.cn", "ccb.com", "boc.cn", "abchina.com", "bankcomm.com", "psbc.com", "cmbchina.com",
    "10086.cn", "chinaunicom.com", "189.cn",
})
BIG_APPS = frozenset({
    "微信", "wechat", "com.tencent.mm", "支付宝", "alipay", "com.eg.android.alipaygphone", "qq", "com.tencent.mobileqq",
    "淘宝", "taobao", "com.taobao.taobao", "抖音", "douyin", "com.ss.android.ugc.aweme", "快手", "kuaishou",
    "京东", "jd", "com.jingdong.app.mall", "美团", "meituan", "com.sankuai.meituan", "拼多多", "pinduoduo",
    "com.xunmeng.pinduoduo", "钉钉", "dingtalk", "com.alibaba.android.rimet", "腾讯会议", "tencent meeting",
    "zoom", "us.zoom.videomeetings", "云闪付", "unionpay", "com.unionpay", "微博", "weibo", "小红书", "xiaohongshu",
    "国家反诈中心", "com.hicorenational.antifraud",
})


def hub_reason(kind: str, value: str, role: str = "suspect") -> str | None:
    """Why this identifier never links cases (a reason code), or None when it may link."""
    if role != "suspect":
        return "victim_identifier"
    if kind == "phone":
        digits = value.removeprefix("+86")
        if digits in SERVICE_NUMBERS or _SERVICE_PATTERN.match(value):
            return "service_number"
    elif kind in ("url", "domain"):
        domain = value.lower()
        if any(domain == d or domain.endswith("." + d) for d in BIG_DOMAINS):
            return "big_platform"
    elif kind == "app" and value.lower() in BIG_APPS:
        return "big_platform"
    elif kind == "ip" and _is_private(value):
        return "private_address"
    return None


def _is_private(address: str) -> bool:
    import ipaddress

    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local


@dataclass(frozen=True)
class HubRule:
    """An identifier in ``min_cases`` or more cases whose other links leave them in ``min_groups`` or more
    separate groups, none holding ``max_share`` of them, is shared by strangers: a hub."""

    min_cases: int = 6
    min_groups: int = 4
    max_share: float = 0.5

    def is_hub(self, groups_of_cases: list[int]) -> bool:
        """Given the group (component without this identifier) of each of its cases."""
        if len(groups_of_cases) < self.min_cases:
            return False
        sizes: dict[int, int] = {}
        for g in groups_of_cases:
            sizes[g] = sizes.get(g, 0) + 1
        return len(sizes) >= self.min_groups and max(sizes.values()) / len(groups_of_cases) < self.max_share
