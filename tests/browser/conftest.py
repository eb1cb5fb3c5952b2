"""Playwright for Python driving Debian's Chromium (never a downloaded browser).

Every page a test opens goes through `visit`, which saves a phone-sized
screenshot under var/screenshots/ and runs axe-core (from npm) on the page,
failing on serious or critical accessibility violations.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in the test thread; Django's
# guard against ORM calls from async code would trip on the test's own setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}"
    assert AXE.exists(), "axe-core missing: run `npm ci`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    page.csp_refusals = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.csp_refusals.append(message.text)
        ),
    )
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    # Evaluated, not added as a <script>: the site's Content-Security-Policy
    # refuses inline scripts, and a test must not need it to allow them.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def visit(phone, live_server):
    """Open a path on the live server, screenshot it and check accessibility."""

    def _visit(path: str, screenshot: str, *, status: int = 200):
        response = phone.goto(live_server.url + path)
        assert response is not None and response.status == status, (
            f"{path}: {response and response.status}"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
        phone.screenshot(path=str(SCREENSHOTS / f"{screenshot}-first-screen.png"))
        violations = axe_violations(phone)
        assert not phone.csp_refusals, "\n".join(phone.csp_refusals)
        assert not violations, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in violations
        )
        return phone

    return _visit


def sign_in_admin(page, live_server, username: str) -> None:
    """Sign in to the Wagtail admin as a demo user (password from seed_demo)."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "xuexi2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


DEMO_PASSWORD = "xuexi2026"  # the demo accounts seed_demo creates


def sign_in(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign a resident in through the site's own form (demo password default)."""
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def play_until(page, seconds: float, *, timeout: int = 30_000) -> None:
    """Start the lesson's video (muted, as a browser allows without a tap)
    and wait until it has played past `seconds`."""
    page.locator("[data-player] video").evaluate(
        "v => { v.muted = true; v.play().catch(() => {}); }"
    )
    page.wait_for_function(
        f"() => document.querySelector('[data-player] video').currentTime > {seconds}",
        timeout=timeout,
    )
