"""Browser tests: the system Chromium, driven headless by Playwright, against the live server.

One browser for the session; each test gets a fresh context (cookies, storage) and page, in
French, whose relative URLs resolve against pytest-django's `live_server`. The page records
what a visitor would not see but a developer must: JavaScript errors, console errors and
sub-resources (CSS, scripts, images) that fail to load. A test that leaves any of them fails
at teardown.

The live server needs a transactional database, which is emptied after each test: the
reference data the migrations load (roles, territories, themes, publics) is restored by
`serialized_rollback` before each browser test, and browser tests run after all others.
"""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e is an `e2e` test on a transactional, restored database,
    and runs last: the database is empty after it, which no later test expects."""
    browser_tests = [item for item in items if HERE in item.path.parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    chosen = set(browser_tests)
    items[:] = [item for item in items if item not in chosen] + browser_tests


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """The system Chromium, for the whole session.

    Playwright's sync API leaves its event loop marked as running in this thread, and Django
    then keeps the thread's database connections apart from those it used before (asgiref's
    Local goes by context when a loop runs). The test database was set up on the first set:
    its serialized content, which `serialized_rollback` restores, is handed to the second,
    and the second is closed before Playwright stops, or the test database could not be
    dropped at the end of the session.
    """
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        connections.close_all()


class BrowserProblems(list):
    """What went wrong in the page: JS errors, console errors, sub-resources not loaded."""

    def watch(self, page):
        page.on("pageerror", lambda error: self.append(f"JS error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message):
        # Chromium logs every HTTP error as "Failed to load resource"; _response reports
        # those of sub-resources with their URL, and a page may answer 403 or 404 on purpose.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.append(f"console error: {message.text}")

    def _failed(self, request):
        # A navigation aborted by the next one, or turned into a download, is no problem.
        if request.resource_type != "document":
            self.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def page(browser, live_server, browser_problems, request):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    browser_problems.watch(page)
    yield page
    context.close()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        assert not browser_problems, "\n".join(browser_problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def new_page(browser, live_server, browser_problems):
    """Pages in browser contexts of their own: other people, with their own cookies."""
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        browser_problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
