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
