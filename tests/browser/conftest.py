"""Playwright driving the system Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM_FLAGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-background-networking",  # otherwise Chromium tries to reach the network
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def _chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.lock
        pytest.skip("Playwright er ikke installeret")
    executable = _chromium_path()
    with sync_playwright() as playwright:
        try:
            if executable:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            else:
                browser = playwright.chromium.launch(args=CHROMIUM_FLAGS)  # Playwright's own, where present
        except Exception as error:  # no browser on this machine
            pytest.skip(f"Ingen Chromium at teste med: {error}")
        yield browser
        browser.close()


@pytest.fixture
def page_as(browser, live_server):
    """page_as(user, width=1280) -> a page whose session is logged in as `user`."""
    from django.test import Client

    contexts = []

    def make(user=None, width=1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core for WCAG 2.1 A/AA on the page and return the serious and critical violations."""
    # Evaluated through the DevTools protocol: an injected <script> tag would be inline script, which
    # the portal's Content-Security-Policy blocks.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
