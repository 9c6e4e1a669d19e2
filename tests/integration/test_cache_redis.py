"""The Redis cache for real: a `redis-server` started here on a free port, the data layer and
the app (`python app.py`, two of them) using it, and Redis stopped under a running app."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import redis
from cachelib import RedisCache

from data import BUNDLED_DIR, Filters, cache, load_dataset
from data import queries as q
from tests.support import REPO, fetch_json, free_port, running_app
from ui.url_state import parse_query

DS = load_dataset(BUNDLED_DIR)
START_TIMEOUT_S = 10
OUTAGE_WARNING = "WARNING ops.cache: cache unavailable"


@pytest.fixture
def fresh_cache():
    cache.configure(None)
    yield
    cache.configure(None)


def open_page(page, url: str) -> None:
    """Go to url; wait until Dash has rendered the page (its layout ran the queries) and the
    network is quiet."""
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")


def log_lines(path: Path, text: str) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if text in line]


# ---------------------------------------------------------------- the data layer
def test_queries_use_redis_and_outage_and_recovery_are_logged_once(redis_server, fresh_cache, caplog):
    caplog.set_level(logging.INFO, logger="ops.cache")
    cache.configure(RedisCache(host=redis.from_url(redis_server.url, **cache.REDIS_OPTIONS)), retry_after=0)
    f = Filters.make(regions="1082")
    first = q.count_by(DS, f, "sector")
    assert q.count_by.cache_key(DS, f, "sector") in redis_server.keys()
    assert q.coverage.cache_key(DS, f, "contract_value") not in redis_server.keys()  # not asked for
    q.coverage(DS, f, "contract_value")
    assert q.coverage.cache_key(DS, f, "contract_value") in redis_server.keys()
    # Row-level frames are read from the store, never cached.
    assert not any(":data.queries.projects:" in key for key in redis_server.keys())
    assert all(key.startswith("ops:") for key in redis_server.keys())
    pd.testing.assert_frame_equal(q.count_by(DS, f, "sector"), first)

    redis_server.stop()
    for by in ("sector", "form", "region"):
        pd.testing.assert_frame_equal(q.count_by(DS, f, by), q.count_by.__wrapped__(DS, f, by))
    messages = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "ops.cache"]
    assert len(messages) == 1 and messages[0][0] == logging.WARNING

    redis_server.start()  # same port, empty
    pd.testing.assert_frame_equal(q.count_by(DS, f, "sector"), first)
    messages = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "ops.cache"]
    assert messages[1:] == [(logging.INFO, "cache available again")]
    assert q.count_by.cache_key(DS, f, "sector") in redis_server.keys()


# ---------------------------------------------------------------- the app
def test_two_apps_share_redis_and_keep_serving_when_it_stops(redis_server, page, page_log, tmp_path):
    env = {"OPS_CACHE_URL": redis_server.url}
    log_a, log_b = tmp_path / "app-a.log", tmp_path / "app-b.log"
    query = "region=1084,1081&from=2010"
    with running_app(env, log_path=log_a) as app_a, running_app(env, log_path=log_b) as app_b:
        assert log_lines(log_a, f"INFO ops.cache: cache: Redis at {redis_server.url}")

        open_page(page, f"{app_a}regions?{query}")
        keys = redis_server.keys()
        assert keys and all(key.startswith("ops:") for key in keys)
        # This process builds the same key as the app did for the page's filters.
        filters = parse_query(query, DS).filters
        assert q.count_by.cache_key(DS, filters, "region") in keys
        assert not any(":data.queries.projects:" in key for key in keys)  # row-level: read from the store

        # The second app finds every result the first one stored: it adds no key, only hits.
        hits = redis_server.client.info("stats")["keyspace_hits"]
        open_page(page, f"{app_b}regions?{query}")
        assert redis_server.keys() == keys
        assert redis_server.client.info("stats")["keyspace_hits"] > hits

        redis_server.stop()
        open_page(page, f"{app_a}sectors")  # the first query fails: the outage starts
        open_page(page, f"{app_a}impact")
        time.sleep(cache.RETRY_AFTER_S + 0.5)  # past the retry interval the app asks Redis again
        open_page(page, f"{app_a}spending")
        open_page(page, f"{app_a}regions?region=1083")
        assert fetch_json(f"{app_a}healthz")["status"] == "ok"

        assert page_log.failed_requests == []
        assert page_log.console_errors == []
        assert len(log_lines(log_a, OUTAGE_WARNING)) == 1
        assert not log_lines(log_a, "Traceback")


def test_app_starts_and_serves_with_redis_down(page, page_log, tmp_path):
    log = tmp_path / "app.log"
    url = f"redis://:pw-not-for-logs@127.0.0.1:{free_port()}/0"  # nothing listens there
    with running_app({"OPS_CACHE_URL": url}, log_path=log) as app:
        open_page(page, f"{app}sectors")
        open_page(page, f"{app}regions?region=1081")
    text = log.read_text(encoding="utf-8")
    assert "pw-not-for-logs" not in text
    assert log_lines(log, f"INFO ops.cache: cache: Redis at {cache.redact_url(url)}")
    assert len(log_lines(log, OUTAGE_WARNING)) == 1
    assert page_log.failed_requests == [] and page_log.console_errors == []


def test_app_uses_the_in_process_cache_without_a_cache_url(tmp_path):
    log = tmp_path / "app.log"
    with running_app({"OPS_CACHE_URL": ""}, log_path=log) as app:
        assert fetch_json(f"{app}healthz")["status"] == "ok"
    assert log_lines(log, "INFO ops.cache: cache: in-process (SimpleCache")
    assert not log_lines(log, OUTAGE_WARNING)


def test_a_malformed_cache_url_stops_the_app_naming_the_variable():
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO,
        env={**os.environ, "OPS_DEBUG": "0", "PORT": str(free_port()), "OPS_CACHE_URL": "redis://127.0.0.1:port/0"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "OPS_CACHE_URL" in result.stderr
    assert "Traceback" not in result.stderr
