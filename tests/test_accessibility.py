"""axe-core (bundled with axe-playwright-python, no network) finds no WCAG violations."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.mark.parametrize("path", ["", "findes-ikke"], ids=["home", "404"])
def test_page_has_no_axe_violations(page, app_url, path):
    page.goto(f"{app_url}{path}")
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
