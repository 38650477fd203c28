"""The BIN table page: an administrator sees the coverage and accepts a learned row."""

from __future__ import annotations

import random

from nicegui import ui
from nicegui.testing import User

from antifraud.core.auth import SYSTEM
from antifraud.core.db import session_scope
from antifraud.identifiers import parse_bank_card
from antifraud.identifiers.service import do_record_card_issuer
from tests.identifiers.bin_helpers import card_under, unknown_prefix
from tests.pages import sign_in


async def test_an_administrator_accepts_a_learned_bin_row(user: User, make_user) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(31)
    prefix = unknown_prefix(rng)
    with session_scope() as session:
        do_record_card_issuer(session, SYSTEM, [card_under(prefix, rng) for _ in range(3)], "CMB", "manual_route")
    username, password, _ = make_user("admin")
    await sign_in(user, username, password)
    await user.should_see("案件", retries=50)
    await user.open("/bins")
    await user.should_see("发卡行识别（BIN 表）", retries=50)
    await user.should_see("覆盖率")
    await user.should_see(f"{prefix} → 招商银行")
    user.find(marker=f"accept-{prefix}").click()
    await user.should_see("已采纳", retries=50)
    assert parse_bank_card(card_under(prefix, rng)).bank_code == "CMB"


async def test_an_analyst_may_not_open_the_bin_page(user: User, make_user) -> None:  # type: ignore[no-untyped-def]
    username, password, _ = make_user("analyst")
    await sign_in(user, username, password)
    await user.should_see("案件", retries=50)
    await user.open("/bins")
    await user.should_see("无权访问此页面", retries=50)
    user.find(kind=ui.label)  # the page rendered without a stack trace
