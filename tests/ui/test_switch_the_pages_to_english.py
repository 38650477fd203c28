"""A user switches the pages to English: texts and the tables' own labels follow."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.pages import sign_in


async def test_english_switch(user: User, make_user) -> None:
    username, password, _ = make_user("commander")
    await sign_in(user, username, password)
    await user.should_see("实时态势", retries=50)
    user.find(kind=ui.button, content="English").click()
    await user.should_see("Reports today", retries=50)


async def test_tables_speak_the_users_language(user: User, make_user) -> None:
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.open("/cases")
    await user.should_see("案件", retries=50)
    [table] = user.find(kind=ui.table).elements
    assert table.props["rows-per-page-label"] == "每页行数"
    user.find(kind=ui.button, content="English").click()
    await user.open("/cases")
    await user.should_see("Cases", retries=50)
    [table] = user.find(kind=ui.table).elements
    assert table.props["rows-per-page-label"] == "Rows per page" and table.props["no-data-label"] == "No data"
