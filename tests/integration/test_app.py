"""The app served on loopback by `python app.py`: /healthz. The pages in Chromium: tests/browser/test_app.py."""
from __future__ import annotations

import pytest

from tests.support import fetch_json


@pytest.fixture(scope="module")
def health(app_url) -> dict:
    return fetch_json(f"{app_url}healthz")


def test_healthz_returns_status_and_data_version(health):
    assert health["status"] == "ok"
    assert isinstance(health["data_version"], str) and health["data_version"]
    assert "updated" in health
