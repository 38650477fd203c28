"""A citizen opens /learn on a phone without signing in: the eleven lessons in Chinese and the risk check."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

TITLES = ("网络购物诈骗", "网络贷款诈骗", "刷单返利诈骗", "冒充电商物流客服诈骗", "冒充公检法诈骗", "虚假投资理财诈骗",
          "网络婚恋交友诈骗", "网络游戏虚假交易诈骗", "虚假征信诈骗", "冒充领导、熟人诈骗", "木马钓鱼链接诈骗")


async def test_the_eleven_lessons_and_the_risk_check_without_signing_in(user: User) -> None:
    await user.open("/learn")
    await user.should_see("反诈知识学习", retries=50)
    for title in TITLES:
        await user.should_see(title)
    lessons = user.find(kind=ui.expansion).elements
    assert len(lessons) == 11
    link = next(e for e in user.find(kind=ui.link).elements if "risk" in str(e.props.get("href", "")))
    assert link.props["href"] == "/risk"
    await user.should_see("96110")
    await user.should_not_see("登录")
