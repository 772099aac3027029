"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server.

Browser tests are transactional: the live server runs in another thread and must see
committed data. The database is flushed after each one, so each test puts the demo data
back (the snapshot of the migrated and loaded database: tests/demo_snapshot.py).
"""

import os
import shutil

import pytest

from tests.demo_snapshot import load_demo_again

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "Chromium chưa được cài (Debian: apt-get install chromium); ./dev test cài khi chạy với quyền root."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads made in the browser go to a temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(live_server, transactional_db):
    """The live portal with the demo data (put back from the snapshot: tests/demo_snapshot.py)."""
    load_demo_again()
    return live_server.url


@pytest.fixture
def page(browser, portal):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=portal)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str = "demo12345") -> None:
    page.goto("/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def logout(page) -> None:
    page.click("nav form button:has-text('Đăng xuất')")
    page.wait_for_url("**/dang-nhap/")
