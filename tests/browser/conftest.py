"""The real Chromium, driven by Playwright, for the tests in this folder (all marked `browser`).

pytest-playwright's plugin is disabled (`-p no:playwright` in pyproject.toml): we use
Playwright's sync API directly with Debian's Chromium, and define `browser` and `page` here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found; install it with: sudo apt-get install chromium"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{message} (CI must run the browser tests)", pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class PageLog:
    """What happened while a test drove the page."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    request_urls: list[str] = field(default_factory=list)

    def non_loopback_requests(self) -> list[str]:
        return [
            url
            for url in self.request_urls
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname not in LOOPBACK_HOSTS
        ]


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, page_log: PageLog):
    """A fresh page (own context) that records console errors, failed requests and all URLs.

    A request counts as failed when it did not complete or got an HTTP status >= 400.
    """
    # bypass_csp: Playwright evaluates string predicates (page.wait_for_function("...")) with eval, which
    # the app's Content-Security-Policy forbids. The policy itself is tested in test_security_headers.py
    # and test_xss.py (this folder), with contexts that keep it.
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 860}, bypass_csp=True)
    page = context.new_page()
    page.on("request", lambda request: page_log.request_urls.append(request.url))
    page.on(
        "console",
        lambda msg: page_log.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page_log.console_errors.append(f"uncaught: {exc}"))
    page.on(
        "requestfailed",
        lambda request: page_log.failed_requests.append(
            f"{request.method} {request.url}: {request.failure}"
        ),
    )
    page.on(
        "response",
        lambda response: page_log.failed_requests.append(f"{response.status} {response.url}")
        if response.status >= 400
        else None,
    )
    yield page
    context.close()
