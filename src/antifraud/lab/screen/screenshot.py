"""Screenshots of a running platform's big screen at wall sizes, with Debian's headless Chromium.

    antifraud demo --scale 0.2 --port 8437      # in another shell
    python -m antifraud.lab.screen.screenshot http://127.0.0.1:8437 docs/screen-1920x1080.png 1920x1080

Signs in as the demo's commander (whose home is the screen), waits until the figures and the county map
are drawn, checks the page has no scroll bar, and saves the picture.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def shoot(base: str, out: str, width: int, height: int, username: str = "demo-commander",
          password: str = "demo-2026") -> dict[str, int]:
    """Save the screen at ``width``×``height``; answers the page's scroll sizes (equal to the window's)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN").new_page()
        page.goto(f"{base}/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.locator("#login-submit").click()
        page.wait_for_url(f"{base}/screen", timeout=30_000)
        page.wait_for_function("document.querySelector('#tile-reports_year').innerText.trim() !== '…'",
                               timeout=30_000)
        page.wait_for_timeout(2500)  # the charts' first animation
        sizes = page.evaluate("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,"
                              " iw: window.innerWidth, ih: window.innerHeight})")
        page.screenshot(path=out)
        browser.close()
    return sizes


def main(argv: list[str]) -> None:
    """Take one screenshot: BASE_URL OUT.png WIDTHxHEIGHT."""
    if len(argv) != 3:
        raise SystemExit(__doc__)
    width, height = (int(v) for v in argv[2].split("x"))
    sizes = shoot(argv[0], argv[1], width, height)
    print(f"{argv[1]}: window {sizes['iw']}×{sizes['ih']}, page {sizes['w']}×{sizes['h']}")
    if sizes["w"] > sizes["iw"] or sizes["h"] > sizes["ih"]:
        raise SystemExit("the page is larger than the window: it would scroll")


if __name__ == "__main__":
    main(sys.argv[1:])
