"""Browser tests: headless Chromium driven by Playwright against live_server.

They use the system Chromium (Debian's `chromium` package) and are skipped
when it is missing, so `make test` still passes on a machine without it.
"""

import os
import shutil
from pathlib import Path

import pytest

from admin_config.services import get_config
from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Without these, Chromium tries to reach Google's services at start-up.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="chromium is not installed"))


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Log a persona in through the real login form."""

    def _log_in(user):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _log_in


@pytest.fixture
def clickmeeting_account(clickmeeting_sandbox, settings, db):
    """The sandbox, configured as the live server's ClickMeeting account."""
    # One attempt per call, so a failure shows at once instead of after retry waits.
    settings.CLICKMEETING_MAX_ATTEMPTS = 1
    config = get_config()
    config.endpoint_url = clickmeeting_sandbox.endpoint
    config.set_api_key(clickmeeting_sandbox.api_key)
    config.save()
    return clickmeeting_sandbox
