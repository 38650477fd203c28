"""After signing in through the browser, nothing the server stored on disk lets anyone in."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_report_to_stop_payment_loop import _login

pytestmark = pytest.mark.e2e
SESSION_COOKIE = "antifraud_session"
CANDIDATE = re.compile(r"[A-Za-z0-9_\-]{20,}")


def _signed_in_as(base: str, username: str, session_id: str) -> bool:
    """Whether a page served with this session cookie shows the user as signed in."""
    page = httpx.get(f"{base}/cases", cookies={SESSION_COOKIE: session_id}, timeout=10)
    return username in page.text


def _bearer_works(base: str, value: str) -> bool:
    me = httpx.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {value}"}, timeout=10)
    return me.status_code == 200


def test_storage_files_hold_no_working_token(server: str, server_dir: Path, browser, make_user) -> None:  # type: ignore[no-untyped-def]
    username, password, _ = make_user("analyst")
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _login(page, server, username, password)
    page.get_by_text(username).first.wait_for(timeout=15000)
    page.get_by_text("English").first.click()  # something the UI writes to its user storage
    page.get_by_text("Sign out").first.wait_for(timeout=15000)
    cookie = next(c for c in context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert _signed_in_as(server, username, cookie["value"])  # the check below can tell

    files = [p for p in (server_dir / ".nicegui").rglob("*") if p.is_file()]
    assert files, "NiceGUI wrote no storage"
    candidates = {m for p in files for m in CANDIDATE.findall(p.read_text(errors="replace"))}
    assert cookie["value"] not in candidates
    for value in candidates:
        assert not _bearer_works(server, value) and not _signed_in_as(server, username, value), value

    page.locator("#logout-submit").click()
    page.get_by_label("Username").wait_for(timeout=15000)
    assert not _signed_in_as(server, username, cookie["value"])
    assert violations == []  # the UI works under its CSP
    context.close()
