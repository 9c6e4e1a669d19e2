"""Shared fixtures: the bundled data package, the real app on loopback and a throw-away Redis.

The tests are in folders by kind: tests/unit (in-process, fast), tests/integration (real processes and
servers: app.py, gunicorn, redis-server, PostgreSQL, the bench scripts) and tests/browser (a real
Chromium; its fixtures are in tests/browser/conftest.py). Every test under tests/browser is marked
`browser`, so `pytest -m "not browser"` runs the rest.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from data import BUNDLED_DIR, Dataset, current, load_dataset
from settings import load_settings
from tests.support import LISTED_HOST, UNLISTED_HOST, HostSite, RedisServer, running_app

BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    """The bundled data package (data/), loaded once for the session. Nothing global is set."""
    return load_dataset(BUNDLED_DIR)


@pytest.fixture(scope="session")
def app_data() -> Dataset:
    """The data package the app is configured with (OPS_DATA_DIR; the bundled one by default), loaded once."""
    return load_dataset(load_settings().data_dir)


@pytest.fixture
def dataset(bundled) -> Iterator[Dataset]:
    """The bundled data package, served (`data.current.get_dataset()`) during the test; what was served
    before (another dataset, a live one, or none) is served again after it."""
    before = current._dataset, current._live
    current.set_dataset(bundled)
    try:
        yield bundled
    finally:
        current._dataset, current._live = before


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of the app served on loopback for the whole session, e.g. http://127.0.0.1:PORT/"""
    with running_app() as url:
        yield url


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        message = "redis-server not found; install it with: sudo apt-get install redis-server"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{message} (CI must run the Redis tests)", pytrace=False)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def listed() -> Iterator[HostSite]:
    """An 'intranet' site on an origin the embed app lists in OPS_EMBED_ORIGINS."""
    site = HostSite(LISTED_HOST)
    yield site
    site.close()


@pytest.fixture(scope="module")
def unlisted() -> Iterator[HostSite]:
    """An 'intranet' site on an origin nobody listed."""
    site = HostSite(UNLISTED_HOST)
    yield site
    site.close()


@pytest.fixture(scope="module")
def embed_app(listed) -> Iterator[str]:
    """The app, allowing the `listed` site to frame its embeds."""
    with running_app({"OPS_EMBED_ORIGINS": listed.origin}) as url:
        yield url


SYNTHETIC_N = 300  # projects and spending rows of the small synthetic package


@pytest.fixture(scope="session")
def synthetic_package(tmp_path_factory):
    """(folder, counts) of a small synthetic package written by bench/generate.py (seeded)."""
    from bench.generate import generate

    out = tmp_path_factory.mktemp("synthetic")
    return out, generate(out, projects=SYNTHETIC_N, spending=SYNTHETIC_N, seed=7)


@pytest.fixture(scope="session")
def served_app():
    """The app module, created once in this process (its pages registered): for unit tests that
    render UI pieces needing the app's configuration (URL prefix, page registry)."""
    import app

    return app
