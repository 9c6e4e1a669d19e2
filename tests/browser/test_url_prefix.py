"""Behind a reverse proxy: with OPS_URL_PREFIX=/ops/ every page, asset and route lives under it."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.support import running_app

PREFIX = "/ops/"


@pytest.fixture(scope="module")
def prefixed_url():
    with running_app({"OPS_URL_PREFIX": PREFIX}) as url:
        yield url


def test_every_request_stays_under_the_prefix(page, page_log, prefixed_url):
    page.goto(prefixed_url)
    page.wait_for_selector("#kpi-projects")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")
    assert page_log.console_errors == []
    assert page_log.failed_requests == []
    paths = [urlsplit(url).path for url in page_log.request_urls]
    assert any(p.startswith(f"{PREFIX}vendor/bootstrap.min.css") for p in paths)
    assert [p for p in paths if not p.startswith(PREFIX)] == []
    brand = page.get_by_role("banner").get_by_role("link", name="OPS Monitor")
    assert brand.get_attribute("href") == PREFIX


@pytest.mark.parametrize("path", ["regions", "sectors", "impact", "spending", "projects", "programmes", "sources",
                                  "embed/", "embed/regions-map-count?region=1081"])
def test_every_page_works_under_the_prefix(page, page_log, prefixed_url, path):
    page.goto(prefixed_url + path)
    page.wait_for_selector("#main-content h1, .ops-embed-page h1")  # Dash's page, or a static embed
    page.wait_for_load_state("networkidle")
    if page.locator(".ops-graph").count():
        page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page_log.console_errors == []
    assert page_log.failed_requests == []
    assert [u for u in page_log.request_urls if not urlsplit(u).path.startswith(PREFIX)] == []


def test_callbacks_downloads_and_embed_script_work_under_the_prefix(page, prefixed_url):
    page.goto(prefixed_url + "?region=1081")
    page.wait_for_selector("#projects-by-region .ops-card-menu-toggle")
    page.click("#projects-by-region .ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click("#projects-by-region .dropdown-item:has-text('CSV')")
    assert open(info.value.path(), "rb").read().startswith(b"\xef\xbb\xbf")
    page.click("nav a:has-text('Sektorer')")
    page.wait_for_url(f"**{PREFIX}sectors?region=1081")
    page.wait_for_selector("[data-chart-id='projects-by-form'] .js-plotly-plot .main-svg")  # the page's callback
    import urllib.request

    for path in ("embed/resize.js", "download/ops-monitor-data.zip", "geo/world_110m.json"):
        with urllib.request.urlopen(prefixed_url + path) as response:
            assert response.status == 200, path
