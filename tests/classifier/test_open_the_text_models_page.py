"""An administrator opens the text models page; others are refused."""

from __future__ import annotations

from nicegui.testing import User

from tests.pages import sign_in


async def test_administrator_sees_the_registry(user: User, make_user) -> None:  # type: ignore[no-untyped-def]
    """Title, the actions and the table headers, in Chinese by default."""
    username, password, _ = make_user("admin")
    await sign_in(user, username, password)
    await user.should_see("案件", retries=50)   # signed in: the admin's home page
    await user.open("/text-models")
    await user.should_see("诈骗类型识别模型", retries=50)
    await user.should_see("用本中心案件训练")
    await user.should_see("回退到上一个模型")


async def test_call_taker_is_refused(user: User, make_user) -> None:  # type: ignore[no-untyped-def]
    """The page says the user may not open it."""
    username, password, _ = make_user("call_taker")
    await sign_in(user, username, password)
    await user.should_see("接警录入", retries=50)
    await user.open("/text-models")
    await user.should_see("无权访问此页面", retries=50)
