"""Behind a reverse proxy: with OPS_URL_PREFIX=/ops/ every page, asset and route lives under it."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.support import fetch_json, running_app

PREFIX = "/ops/"


@pytest.fixture(scope="module")
def prefixed_url():
    with running_app({"OPS_URL_PREFIX": PREFIX}) as url:
        yield url


def test_healthz_lives_under_the_prefix(prefixed_url):
    assert urlsplit(prefixed_url).path == PREFIX
    assert fetch_json(f"{prefixed_url}healthz")["status"] == "ok"


def test_every_request_stays_under_the_prefix(page, page_log, prefixed_url):
    page.goto(prefixed_url)
    page.wait_for_selector("#row-counts")
    page.wait_for_load_state("networkidle")
    assert page_log.console_errors == []
    assert page_log.failed_requests == []
    paths = [urlsplit(url).path for url in page_log.request_urls]
    assert any(p.startswith(f"{PREFIX}vendor/bootstrap.min.css") for p in paths)
    assert [p for p in paths if not p.startswith(PREFIX)] == []
    brand = page.get_by_role("banner").get_by_role("link", name="OPS Monitor")
    assert brand.get_attribute("href") == PREFIX
