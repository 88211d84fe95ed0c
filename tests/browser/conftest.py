"""Playwright fixtures for the browser tests, driving Debian's Chromium (/usr/bin/chromium).

Every test under tests/browser is marked ``browser`` here: ``make test`` runs them once, on
SQLite, with ``-m browser`` and leaves them out of the other runs with ``-m "not browser"``.

Fixtures:
- ``browser``: one headless Chromium for the whole session.
- ``page``: a fresh context (locale id-ID, 1280x800) and page for each test, closed after it.
- ``shot``: ``shot()`` saves a screenshot of ``page`` to artifacts/screenshots/<test>-<n>.png
  and returns its path, to look at what a page shows.

Use pytest-django's ``live_server`` (with ``transactional_db``) for the address to open.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

BROWSER_TESTS = Path(__file__).resolve().parent
SCREENSHOTS = BROWSER_TESTS.parents[1] / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(tryfirst=True)  # before -m selects: the mark must already be there
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an asyncio event loop running in the test's thread. Django sees
    # that loop and refuses database access from the test, from live_server and from
    # transactional_db's flush with SynchronousOnlyOperation, although that access really is
    # synchronous. DJANGO_ALLOW_ASYNC_UNSAFE switches the check off. It is set here, before the
    # loop starts, and not at module level: this file is imported in every pytest run (the
    # "not browser" runs collect tests/ too), and there the check should stay on for the app.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Callable[[], Path]:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    count = 0

    def take() -> Path:
        nonlocal count
        count += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{count}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
