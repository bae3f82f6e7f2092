"""Browser tests: Playwright for Python driving Debian's Chromium, with axe-core on every page.

Playwright's own browser download cannot work here, so it launches /usr/bin/chromium.
"""

import datetime
import functools
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's async-safety check would
# otherwise refuse the ORM calls that the tests make between page actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Closed network: without these Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser, live_server):
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    # Scripts cannot run in this page, so its accessibility is checked in a twin with JavaScript on.
    checker_context, checker = _new_page(browser, live_server)
    page.accessibility_twin = checker
    yield page
    context.close()
    checker_context.close()


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def assert_accessible(page):
    """axe-core on the page as it is now: no serious or critical WCAG 2.2 AA violations."""
    # Right after a click the next page may still be arriving: check it once it has loaded.
    page.wait_for_load_state("load")
    twin = getattr(page, "accessibility_twin", None)
    if twin is not None:
        twin.goto(page.url)
        page = twin
    # Evaluated through the browser's debugging protocol: a <script> tag would be an inline script,
    # which the Content-Security-Policy blocks (as it should).
    page.evaluate(_axe_source() + "\n;undefined")
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"Accessibility violations on {page.url}:\n" + "\n".join(bad)


def sign_in(page, email, password):
    """Sign in through the forms: the password, then (for officers and clerks, or anyone with an
    app) the code their authenticator app shows, from a real device set up for them if needed."""
    from django.contrib.auth import get_user_model

    from council.accounts.two_factor import REQUIRED_ROLES
    from tests.factories.council import authenticator_for, code_from

    person = get_user_model().objects.get(email=email)
    device = None
    if person.groups.filter(name__in=[role.value for role in REQUIRED_ROLES]).exists() or (
        person.totpdevice_set.filter(confirmed=True).exists()
    ):
        device = authenticator_for(person)
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if device is not None:
        page.get_by_label("Code from your authenticator app").fill(code_from(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


class Clock:
    """The app's clock for a journey that spans weeks: ``travel(days=28)`` moves the server's
    ``timezone.now`` (and so every London date the services read) forward while it keeps ticking;
    the browser's cookies and the authenticator's codes stay on the real clock."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        self._real_now = timezone.now
        self._offset = datetime.timedelta(0)
        monkeypatch.setattr(timezone, "now", lambda: self._real_now() + self._offset)

    def travel(self, **delta):
        self._offset += datetime.timedelta(**delta)

    def today(self):
        from django.utils import timezone

        return timezone.localdate()


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
