"""Security headers on every kind of response, and every page running in Chromium under the
Content-Security-Policy with no violation (no 'unsafe-eval', scripts only from the app)."""

from __future__ import annotations

import pytest

from tests.support import running_app

EMBED_ORIGIN = "https://intranet.example.dk"
PAGES = ["", "regions", "sectors", "impact", "spending", "projects", "programmes", "sources", "embed",
         "findes/ikke", "?present=1&lang=en"]


@pytest.fixture(scope="module")
def app_with_origins():
    with running_app({"OPS_EMBED_ORIGINS": EMBED_ORIGIN}) as url:
        yield url


def csp_messages(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m
            or "unsafe-eval" in m or "CSP" in m]


def test_pages_run_under_the_policy_without_violations(browser, app_with_origins):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 860}, accept_downloads=True)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.on("pageerror", lambda exc: messages.append(f"uncaught: {exc}"))
    try:
        for path in PAGES:
            page.goto(app_with_origins + path)
            page.wait_for_selector("#main-content h1")
            page.wait_for_load_state("networkidle")
        # a project page, reached through the grid (AG Grid's function strings run under the policy)
        page.goto(app_with_origins + "projects")
        page.wait_for_selector(".ag-row a")
        page.locator(".ag-header-cell[col-id=name]").click()  # the name column's comparator
        page.locator(".ag-row a").first.click()
        page.wait_for_selector("#project-facts")
        page.wait_for_load_state("networkidle")
        # an embed, and a PNG export (plotly draws it through data:/blob: URLs)
        page.goto(app_with_origins + "embed/projects-by-region")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.locator(".ops-card-menu-toggle").first.click()
        with page.expect_download(timeout=20000) as download:
            page.locator(".dropdown-item:has-text('PNG')").first.click()
        assert download.value.suggested_filename.endswith(".png")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert csp_messages(messages) == []
    unexpected = [m for m in messages if "status of 404" not in m]  # the 404 page's own document
    assert unexpected == []
