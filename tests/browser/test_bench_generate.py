"""bench/generate.py: its synthetic package passes validation, is spread like real data, is reproducible,
is marked synthetic in the descriptor and in every generated name, and an app started on it says so on
every page (the banner is rendered by Dash, so a real browser looks)."""

from __future__ import annotations

import pytest

from i18n.text import t
from tests.support import running_app


@pytest.fixture(scope="module")
def package(synthetic_package):
    return synthetic_package


def test_an_app_on_it_shows_the_synthetic_banner_on_every_page(package, page, page_log):
    out, _ = package
    with running_app(overrides={"OPS_DATA_DIR": str(out), "OPS_LANG": "da"}) as url:
        for path in ("", "regions", "projects"):
            page.goto(url + path)
            banner = page.locator(".ops-synthetic")
            banner.wait_for(state="visible", timeout=15_000)
            assert banner.inner_text().strip() == t("synthetic", "da"), path
            page.wait_for_selector("#main-content h1.ops-page-title")  # the page itself rendered on this data
            page.wait_for_load_state("networkidle")
    assert not page_log.console_errors, page_log.console_errors
    assert not page_log.failed_requests, page_log.failed_requests
